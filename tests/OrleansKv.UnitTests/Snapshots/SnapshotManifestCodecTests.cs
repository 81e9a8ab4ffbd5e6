using System.Text;
using OrleansKv.Grains.Storage.Snapshots;
using OrleansKv.Snapshots;

namespace OrleansKv.UnitTests.Snapshots;

public sealed class SnapshotManifestCodecTests
{
    private static readonly SnapshotRequest Request = new(
        "20261210T153012Z-a1b2c3", "before-upgrade", new DateTimeOffset(2026, 12, 10, 15, 30, 12, TimeSpan.Zero), 4,
        """{"epoch":4,"members":[]}""", ["node1", "node2", "node3"], ["node3"]);

    [Fact]
    public void A_manifest_reads_back_as_it_was_written()
    {
        var snapshot = new NodeSnapshot(Request, "node2", SnapshotState.Done, 123_456, null);

        var decoded = SnapshotManifestCodec.Decode(SnapshotManifestCodec.Encode(snapshot));

        Assert.Equal(snapshot.NodeId, decoded.NodeId);
        Assert.Equal(snapshot.State, decoded.State);
        Assert.Equal(snapshot.Bytes, decoded.Bytes);
        Assert.Null(decoded.Error);
        Assert.Equal(Request.Id, decoded.Request.Id);
        Assert.Equal(Request.Name, decoded.Request.Name);
        Assert.Equal(Request.CreatedAt, decoded.Request.CreatedAt);
        Assert.Equal(Request.Epoch, decoded.Request.Epoch);
        Assert.Equal(Request.RingJson, decoded.Request.RingJson);
        Assert.Equal(Request.Nodes, decoded.Request.Nodes);
        Assert.Equal(Request.Missing, decoded.Request.Missing);
    }

    [Fact]
    public void A_failed_part_without_a_name_keeps_its_error_and_no_name()
    {
        var snapshot = new NodeSnapshot(Request with { Name = null }, "node1", SnapshotState.Failed, 0, "disk full");

        var decoded = SnapshotManifestCodec.Decode(SnapshotManifestCodec.Encode(snapshot));

        Assert.Null(decoded.Request.Name);
        Assert.Equal(SnapshotState.Failed, decoded.State);
        Assert.Equal("disk full", decoded.Error);
    }

    [Fact]
    public void State_names_on_disk_are_running_done_and_failed()
    {
        var text = Encoding.UTF8.GetString(SnapshotManifestCodec.Encode(new NodeSnapshot(Request, "node1", SnapshotState.Running, 0, null)));

        Assert.Contains("\"state\": \"running\"", text);
        Assert.Contains("\"format\": 1", text);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[]", "not a JSON object")]
    [InlineData("""{"format": 2}""", "format 2")]
    [InlineData("""{"format": 1}""", "\"id\"")]
    [InlineData("""{"format": 1, "id": "../x"}""", "not a snapshot id")]
    public void A_damaged_manifest_is_a_format_error_naming_what_is_wrong(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => SnapshotManifestCodec.Decode(Encoding.UTF8.GetBytes(text)));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void An_unknown_state_is_a_format_error()
    {
        var text = Encoding.UTF8.GetString(SnapshotManifestCodec.Encode(new NodeSnapshot(Request, "node1", SnapshotState.Done, 1, null)))
            .Replace("\"done\"", "\"paused\"");

        Assert.Contains("paused", Assert.Throws<FormatException>(() => SnapshotManifestCodec.Decode(Encoding.UTF8.GetBytes(text))).Message);
    }
}
