namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>One span as an OTLP exporter sent it; ids in lowercase hex, <see cref="ParentSpanId"/> empty for a root.</summary>
/// <param name="Node">The sending node: its resource's <c>service.instance.id</c>.</param>
/// <param name="Scope">The instrumentation scope (the ActivitySource's name).</param>
/// <param name="Kind">OTLP's enum: 1 internal, 2 server, 3 client, 4 producer, 5 consumer.</param>
public sealed record OtlpSpan(
    string Node, string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind,
    IReadOnlyDictionary<string, string> Attributes)
{
    public const int Internal = 1;
    public const int Server = 2;
    public const int Client = 3;

    public string? Attribute(string key) => Attributes.TryGetValue(key, out var value) ? value : null;

    public override string ToString() => $"{Node} {Scope} {Name} kind={Kind} span={SpanId} parent={ParentSpanId}";
}
