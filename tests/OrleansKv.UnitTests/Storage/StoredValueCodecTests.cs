using OrleansKv.Grains.Ring;
using OrleansKv.Grains.Storage;
using OrleansKv.Versioning;

namespace OrleansKv.UnitTests.Storage;

public sealed class StoredValueCodecTests
{
    [Fact]
    public void A_value_round_trips_with_its_version()
    {
        var value = new VersionedValue(new ValueVersion(123456789, "node2"), [1, 2, 3, 0, 255]);

        var decoded = StoredValueCodec.DecodeValue(StoredValueCodec.EncodeValue(value));

        Assert.Equal(value.Version, decoded.Version);
        Assert.Equal(value.Value, decoded.Value);
    }

    [Fact]
    public void A_tombstone_round_trips_as_a_tombstone_and_an_empty_value_as_a_value()
    {
        var tombstone = StoredValueCodec.DecodeValue(StoredValueCodec.EncodeValue(VersionedValue.Tombstone(new ValueVersion(1, "n"))));
        var empty = StoredValueCodec.DecodeValue(StoredValueCodec.EncodeValue(new VersionedValue(new ValueVersion(1, "n"), [])));

        Assert.True(tombstone.IsTombstone);
        Assert.False(empty.IsTombstone);
        Assert.Empty(empty.Value!);
    }

    [Fact]
    public void A_key_encodes_its_token_first_so_byte_order_is_token_order()
    {
        var encoded = StoredValueCodec.EncodeKey("hello/wörld");

        var (token, key) = StoredValueCodec.DecodeKey(encoded);

        Assert.Equal(RingToken.Of("hello/wörld"), token);
        Assert.Equal("hello/wörld", key);
        var a = StoredValueCodec.EncodeKey(1, "z");
        var b = StoredValueCodec.EncodeKey(2, "a");
        Assert.True(a.AsSpan().SequenceCompareTo(b) < 0);
    }

    [Fact]
    public void An_unknown_format_byte_is_rejected()
    {
        var bytes = StoredValueCodec.EncodeValue(new VersionedValue(new ValueVersion(1, "n"), [1]));
        bytes[0] = 99;

        Assert.Throws<InvalidDataException>(() => StoredValueCodec.DecodeValue(bytes));
    }

    [Fact]
    public void A_value_with_an_expiry_round_trips_in_format_2()
    {
        var value = new VersionedValue(new ValueVersion(42, "node1"), [7, 8], ExpiresAtUnixMs: 1_800_000_000_123);

        var encoded = StoredValueCodec.EncodeValue(value);
        var decoded = StoredValueCodec.DecodeValue(encoded);

        Assert.Equal(2, encoded[0]);
        Assert.Equal(value.Version, decoded.Version);
        Assert.Equal(value.Value, decoded.Value);
        Assert.Equal(1_800_000_000_123, decoded.ExpiresAtUnixMs);
        Assert.False(StoredValueCodec.IsTombstone(encoded));
    }

    [Fact]
    public void A_value_without_an_expiry_is_still_written_in_format_1()
    {
        var encoded = StoredValueCodec.EncodeValue(new VersionedValue(new ValueVersion(42, "node1"), [7]));

        Assert.Equal(1, encoded[0]);
        Assert.Null(StoredValueCodec.DecodeValue(encoded).ExpiresAtUnixMs);
    }

    [Fact]
    public void Format_1_bytes_written_before_expiry_existed_still_decode()
    {
        // Exactly what the format-1 writer produced for ("n1", timestamp 258, value "hi") and a tombstone.
        byte[] value = [1, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0, 2, (byte)'n', (byte)'1', (byte)'h', (byte)'i'];
        byte[] tombstone = [1, 1, 0, 0, 0, 0, 0, 0, 1, 2, 0, 2, (byte)'n', (byte)'1'];

        var decodedValue = StoredValueCodec.DecodeValue(value);
        var decodedTombstone = StoredValueCodec.DecodeValue(tombstone);

        Assert.Equal(new ValueVersion(258, "n1"), decodedValue.Version);
        Assert.Equal("hi"u8.ToArray(), decodedValue.Value);
        Assert.Null(decodedValue.ExpiresAtUnixMs);
        Assert.True(decodedTombstone.IsTombstone);
        Assert.Equal(value, StoredValueCodec.EncodeValue(decodedValue));
    }
}
