using System.Net;
using System.Text;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Http;

/// <summary>Requests <c>/admin/snapshots</c> refuses: each a 4xx with a JSON error, and no snapshot taken.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class SnapshotRequestTests(ThreeNodeProcessClusterFixture fixture)
{
    public static TheoryData<string, string> BadBodies => new()
    {
        { "{\"name\": ", "not valid JSON" },
        { "[1, 2]", "JSON object" },
        { "{\"name\": 7}", "must be a string" },
        { "{\"name\": \"" + new string('n', 101) + "\"}", "at most 100 characters" },
        { "{\"name\": \"../etc\"}", "must not hold '/'" },
        { "{\"name\": \"a\\\\b\"}", "must not hold '/'" },
        { "{\"name\": \"..\"}", "spaces and dots" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_snapshot_request_with_a_bad_body_is_a_400_naming_the_problem(string body, string expected)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var answer = await HttpJson.SendAsync(fixture.Cluster[1].Http, new HttpRequestMessage(HttpMethod.Post, "/admin/snapshots") { Content = content });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains(expected, answer.Text("error"));
    }

    [Fact]
    public async Task Deleting_an_unknown_snapshot_is_a_404_and_a_malformed_id_a_400()
    {
        var unknown = await fixture.Cluster[2].Http.DeleteJsonAsync("/admin/snapshots/20261210T153012Z-a1b2c3");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Contains("No node holds snapshot 20261210T153012Z-a1b2c3", unknown.Text("error"));

        var malformed = await fixture.Cluster[2].Http.DeleteJsonAsync("/admin/snapshots/..%2Fnode1");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.Contains("is not a snapshot id", malformed.Text("error"));
    }
}
