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
/// Value, format 1: [format: 1][flags: bit 0 = promised, bit 1 = accepted, bit 2 = accepted is empty]
///        then, when set, [promised ballot] and [accepted ballot], each as
///        [timestamp: 8 bytes big-endian][node id length: 2 bytes big-endian][node id: UTF-8],
///        then the accepted value as <see cref="StoredValueCodec"/> encodes it (to the end).
/// Format bytes and flag bits are persisted: append-only, never reorder or reuse.
/// </remarks>
public static class PaxosStateCodec
{
    private const byte FormatV1 = 1;
    private const byte PromisedFlag = 1;
    private const byte AcceptedFlag = 2;
    private const byte EmptyFlag = 4;

    public static byte[] Encode(PaxosAcceptorState state)
    {
        var accepted = state.Accepted;
        var value = accepted?.Value is { } v ? StoredValueCodec.EncodeValue(v) : [];
        var size = 2 + BallotSize(state.Promised) + BallotSize(accepted?.Ballot) + value.Length;
        var bytes = new byte[size];
        bytes[0] = FormatV1;
        bytes[1] = (byte)((state.Promised is null ? 0 : PromisedFlag)
            | (accepted is null ? 0 : AcceptedFlag)
            | (accepted is { IsEmpty: true } ? EmptyFlag : 0));
        var offset = 2;
        offset = WriteBallot(bytes, offset, state.Promised);
        offset = WriteBallot(bytes, offset, accepted?.Ballot);
        value.CopyTo(bytes.AsSpan(offset));
        return bytes;
    }

    public static PaxosAcceptorState Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 2 || bytes[0] != FormatV1)
        {
            throw new InvalidDataException($"Unknown Paxos state format {(bytes.Length > 0 ? bytes[0] : -1)}.");
        }

        var flags = bytes[1];
        var offset = 2;
        var promised = (flags & PromisedFlag) != 0 ? ReadBallot(bytes, ref offset) : null;
        PaxosProposal? accepted = null;
        if ((flags & AcceptedFlag) != 0)
        {
            var ballot = ReadBallot(bytes, ref offset);
            accepted = new PaxosProposal(ballot, (flags & EmptyFlag) != 0 ? null : StoredValueCodec.DecodeValue(bytes[offset..]));
        }

        return new PaxosAcceptorState(promised, accepted);
    }

    private static int BallotSize(ValueVersion? ballot) => ballot is null ? 0 : 10 + Encoding.UTF8.GetByteCount(ballot.NodeId);

    private static int WriteBallot(byte[] bytes, int offset, ValueVersion? ballot)
    {
        if (ballot is null)
        {
            return offset;
        }

        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(offset), ballot.Timestamp);
        var length = Encoding.UTF8.GetBytes(ballot.NodeId, bytes.AsSpan(offset + 10));
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(offset + 8), checked((ushort)length));
        return offset + 10 + length;
    }

    private static ValueVersion ReadBallot(ReadOnlySpan<byte> bytes, ref int offset)
    {
        var timestamp = BinaryPrimitives.ReadInt64BigEndian(bytes[offset..]);
        var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(offset + 8)..]);
        var nodeId = Encoding.UTF8.GetString(bytes.Slice(offset + 10, length));
        offset += 10 + length;
        return new ValueVersion(timestamp, nodeId);
    }
}
