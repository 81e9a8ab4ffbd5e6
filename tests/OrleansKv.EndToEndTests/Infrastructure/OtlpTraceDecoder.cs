using System.Buffers.Binary;
using System.Text;

namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>
/// Reads an OTLP <c>ExportTraceServiceRequest</c> (protobuf) into <see cref="OtlpSpan"/>s by walking
/// the wire format: no generated code, and no package (OpenTelemetry.Proto is not served). Field
/// numbers are those of opentelemetry-proto (trace/v1/trace.proto, common/v1/common.proto); fields
/// not listed here are skipped by wire type.
/// </summary>
public static class OtlpTraceDecoder
{
    public static List<OtlpSpan> Decode(ReadOnlyMemory<byte> request)
    {
        var spans = new List<OtlpSpan>();
        foreach (var (field, resourceSpans) in Messages(request))
        {
            if (field != 1)
            {
                continue; // ExportTraceServiceRequest.resource_spans = 1
            }

            var node = "";
            foreach (var (f, value) in Messages(resourceSpans))
            {
                if (f == 1)
                {
                    // ResourceSpans.resource = 1; Resource.attributes = 1
                    node = Attributes(value).GetValueOrDefault("service.instance.id", "");
                }
                else if (f == 2)
                {
                    ReadScopeSpans(value, node, spans); // ResourceSpans.scope_spans = 2
                }
            }
        }

        return spans;
    }

    private static void ReadScopeSpans(ReadOnlyMemory<byte> scopeSpans, string node, List<OtlpSpan> spans)
    {
        var scope = "";
        foreach (var (field, value) in Messages(scopeSpans))
        {
            if (field == 1)
            {
                scope = Messages(value).Where(m => m.Field == 1).Select(m => Text(m.Value)).FirstOrDefault() ?? ""; // InstrumentationScope.name = 1
            }
            else if (field == 2)
            {
                spans.Add(ReadSpan(value, node, scope)); // ScopeSpans.spans = 2
            }
        }
    }

    private static OtlpSpan ReadSpan(ReadOnlyMemory<byte> span, string node, string scope)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        var kind = 0;
        var attributes = new Dictionary<string, string>();
        foreach (var field in Fields(span))
        {
            switch (field.Number)
            {
                case 1: traceId = Convert.ToHexStringLower(field.Bytes.Span); break;
                case 2: spanId = Convert.ToHexStringLower(field.Bytes.Span); break;
                case 4: parent = Convert.ToHexStringLower(field.Bytes.Span); break;
                case 5: name = Text(field.Bytes); break;
                case 6: kind = (int)field.Varint; break;
                case 9: Attribute(field.Bytes, attributes); break;
            }
        }

        return new OtlpSpan(node, scope, traceId, spanId, parent, name, kind, attributes);
    }

    private static Dictionary<string, string> Attributes(ReadOnlyMemory<byte> resource)
    {
        var attributes = new Dictionary<string, string>();
        foreach (var (field, value) in Messages(resource))
        {
            if (field == 1)
            {
                Attribute(value, attributes);
            }
        }

        return attributes;
    }

    /// <summary>KeyValue: key = 1, value = 2 (AnyValue: string 1, bool 2, int 3, double 4; others as their bytes' length).</summary>
    private static void Attribute(ReadOnlyMemory<byte> keyValue, Dictionary<string, string> into)
    {
        var key = "";
        var text = "";
        foreach (var (field, value) in Messages(keyValue))
        {
            if (field == 1)
            {
                key = Text(value);
            }
            else if (field == 2)
            {
                foreach (var any in Fields(value))
                {
                    text = any.Number switch
                    {
                        1 => Text(any.Bytes),
                        2 => (any.Varint != 0).ToString(),
                        3 => ((long)any.Varint).ToString(),
                        4 => BitConverter.Int64BitsToDouble((long)any.Varint).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        _ => $"<{any.Bytes.Length} bytes>",
                    };
                }
            }
        }

        into[key] = text;
    }

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    private static IEnumerable<(int Field, ReadOnlyMemory<byte> Value)> Messages(ReadOnlyMemory<byte> message) =>
        Fields(message).Where(f => f.WireType == 2).Select(f => (f.Number, f.Bytes));

    /// <summary>One field: a varint or fixed value in <see cref="Varint"/> (fixed64 as its raw bits), length-delimited bytes in <see cref="Bytes"/>.</summary>
    private readonly record struct Field(int Number, int WireType, ulong Varint, ReadOnlyMemory<byte> Bytes);

    private static IEnumerable<Field> Fields(ReadOnlyMemory<byte> message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = ReadVarint(message.Span, ref position);
            var number = (int)(tag >> 3);
            var wireType = (int)(tag & 7);
            switch (wireType)
            {
                case 0:
                    yield return new Field(number, wireType, ReadVarint(message.Span, ref position), default);
                    break;
                case 1:
                    yield return new Field(number, wireType, BinaryPrimitives.ReadUInt64LittleEndian(message.Span[position..]), default);
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message.Span, ref position);
                    yield return new Field(number, wireType, 0, message.Slice(position, length));
                    position += length;
                    break;
                case 5:
                    yield return new Field(number, wireType, BinaryPrimitives.ReadUInt32LittleEndian(message.Span[position..]), default);
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {wireType} at byte {position}.");
            }
        }
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
