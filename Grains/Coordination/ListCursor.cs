using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using OrleansKv.Contracts;
using OrleansKv.Errors;

namespace OrleansKv.Grains.Coordination;

/// <summary>
/// A listing's cursor as the API hands it out: an opaque URL-safe string holding the position
/// (a format byte, the token, the key) and a check tag, so a cursor this API did not issue is
/// refused instead of read as a position. It names a place in token order, not a ring, so it
/// stays valid across ring changes and on any node.
/// </summary>
public static class ListCursor
{
    private const byte Format = 1;
    private const int TagBytes = 8;

    public static string Encode(ListPosition position)
    {
        var key = position.Key is null ? [] : Encoding.UTF8.GetBytes(position.Key);
        var payload = new byte[1 + 8 + 1 + key.Length];
        payload[0] = Format;
        BinaryPrimitives.WriteUInt64BigEndian(payload.AsSpan(1), position.Token);
        payload[9] = position.Key is null ? (byte)0 : (byte)1;
        key.CopyTo(payload.AsSpan(10));
        return Base64Url.EncodeToString([.. payload, .. Tag(payload)]);
    }

    /// <summary>The position of <paramref name="cursor"/>; null for none. Throws <see cref="InvalidRequestException"/> for a cursor this API did not issue.</summary>
    public static ListPosition? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        var bytes = Base64Url.IsValid(cursor) ? Base64Url.DecodeFromChars(cursor) : null;
        if (bytes is null || bytes.Length < 10 + TagBytes || bytes[0] != Format || bytes[9] > 1)
        {
            throw NotIssued();
        }

        var payload = bytes.AsSpan(0, bytes.Length - TagBytes);
        if (!CryptographicOperations.FixedTimeEquals(Tag(payload), bytes.AsSpan(bytes.Length - TagBytes)))
        {
            throw NotIssued();
        }

        var token = BinaryPrimitives.ReadUInt64BigEndian(payload[1..]);
        return new ListPosition(token, payload[9] == 0 ? null : Encoding.UTF8.GetString(payload[10..]));
    }

    private static byte[] Tag(ReadOnlySpan<byte> payload) => SHA256.HashData(payload)[..TagBytes];

    private static InvalidRequestException NotIssued() =>
        new(InvalidRequestKind.InvalidListing, "The cursor was not issued by this API: pass next_cursor from a listing's answer as it is.");
}
