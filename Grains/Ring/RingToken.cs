using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace OrleansKv.Grains.Ring;

/// <summary>
/// Positions on the ring: the first 8 bytes of the MD5 digest of a UTF-8 string, read
/// big-endian, so token order matches the order of the full 128-bit digest's prefix.
/// </summary>
public static class RingToken
{
    /// <summary>The token of a key (or of a virtual node's name).</summary>
    public static ulong Of(string text)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var buffer = maxBytes <= 512 ? stackalloc byte[maxBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            Span<byte> digest = stackalloc byte[MD5.HashSizeInBytes];
            MD5.HashData(buffer[..length], digest);
            return BinaryPrimitives.ReadUInt64BigEndian(digest);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
