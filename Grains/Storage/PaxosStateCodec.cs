using System.Buffers.Binary;
using System.Text;
using OrleansKv.Contracts;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Storage;

/// <summary>
/// The on-disk format of <see cref="PaxosAcceptorState"/> in the <c>paxos</c> column family,
/// keyed like the data (token + key) so a token range is one contiguous run.
/// </summary>
/// <remarks>
/// Value, format 1: [format: 1][flags: bit 0 = promised, bit 1 = accepted, bit 2 = accepted is
///        empty, bit 3 = forgotten] then [promised ballot] if set, [forgotten ballot] if set,
///        [commit count: 1 byte] and that many [ballot][version], then [accepted ballot] if set
///        and, for a proposal that is not empty, its value as <see cref="StoredValueCodec"/>
///        encodes it (to the end). A ballot or version: [timestamp: 8 bytes big-endian]
///        [node id length: 2 bytes big-endian][node id: UTF-8].
/// Format bytes and flag bits are persisted: append-only, never reorder or reuse.
/// </remarks>
public static class PaxosStateCodec
{
    private const byte FormatV1 = 1;
    private const byte PromisedFlag = 1;
    private const byte AcceptedFlag = 2;
    private const byte EmptyFlag = 4;
    private const byte ForgottenFlag = 8;

    public static byte[] Encode(PaxosAcceptorState state)
    {
        var accepted = state.Accepted;
        var commits = state.Commits ?? [];
        using var buffer = new MemoryStream();
        buffer.WriteByte(FormatV1);
        buffer.WriteByte((byte)((state.Promised is null ? 0 : PromisedFlag)
            | (accepted is null ? 0 : AcceptedFlag)
            | (accepted is { IsEmpty: true } ? EmptyFlag : 0)
            | (state.Forgotten is null ? 0 : ForgottenFlag)));
        Write(buffer, state.Promised);
        Write(buffer, state.Forgotten);
        buffer.WriteByte(checked((byte)commits.Length));
        foreach (var commit in commits)
        {
            Write(buffer, commit.Ballot);
            Write(buffer, commit.Version);
        }

        Write(buffer, accepted?.Ballot);
        if (accepted?.Value is { } value)
        {
            buffer.Write(StoredValueCodec.EncodeValue(value));
        }

        return buffer.ToArray();
    }

    public static PaxosAcceptorState Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 3 || bytes[0] != FormatV1)
        {
            throw new InvalidDataException($"Unknown Paxos state format {(bytes.Length > 0 ? bytes[0] : -1)}.");
        }

        var flags = bytes[1];
        var offset = 2;
        var promised = (flags & PromisedFlag) != 0 ? Read(bytes, ref offset) : null;
        var forgotten = (flags & ForgottenFlag) != 0 ? Read(bytes, ref offset) : null;
        var commits = new PaxosCommitRecord[bytes[offset++]];
        for (var i = 0; i < commits.Length; i++)
        {
            commits[i] = new PaxosCommitRecord(Read(bytes, ref offset), Read(bytes, ref offset));
        }

        PaxosProposal? accepted = null;
        if ((flags & AcceptedFlag) != 0)
        {
            var ballot = Read(bytes, ref offset);
            accepted = new PaxosProposal(ballot, (flags & EmptyFlag) != 0 ? null : StoredValueCodec.DecodeValue(bytes[offset..]));
        }

        return new PaxosAcceptorState(promised, accepted, commits, forgotten);
    }

    private static void Write(Stream buffer, ValueVersion? ballot)
    {
        if (ballot is null)
        {
            return;
        }

        Span<byte> header = stackalloc byte[10];
        var nodeId = Encoding.UTF8.GetBytes(ballot.NodeId);
        BinaryPrimitives.WriteInt64BigEndian(header, ballot.Timestamp);
        BinaryPrimitives.WriteUInt16BigEndian(header[8..], checked((ushort)nodeId.Length));
        buffer.Write(header);
        buffer.Write(nodeId);
    }

    private static ValueVersion Read(ReadOnlySpan<byte> bytes, ref int offset)
    {
        var timestamp = BinaryPrimitives.ReadInt64BigEndian(bytes[offset..]);
        var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(offset + 8)..]);
        var nodeId = Encoding.UTF8.GetString(bytes.Slice(offset + 10, length));
        offset += 10 + length;
        return new ValueVersion(timestamp, nodeId);
    }
}
