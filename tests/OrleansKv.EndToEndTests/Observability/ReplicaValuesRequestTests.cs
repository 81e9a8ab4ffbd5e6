using System.Net;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Observability;

/// <summary>GET /admin/replicas/{key}?values=true on the shared healthy cluster.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class ReplicaValuesRequestTests(ThreeNodeProcessClusterFixture fixture)
{
    [Fact]
    public async Task After_a_write_at_all_every_replica_shows_the_same_version_and_value()
    {
        var node = fixture.Cluster[3];
        var put = await node.Http.PutAsync("/keys/values:all", """{"value": {"n": 7}, "consistency": "all"}""");

        var view = await node.Http.GetJsonAsync("/admin/replicas/values:all?values=true");

        Assert.Equal(HttpStatusCode.OK, view.Status);
        Assert.Equal(3, view.Int("up_replicas"));
        Assert.Equal(0, view.Int("stale_replicas"));
        Assert.All(view.Body.GetProperty("replicas").EnumerateArray(), r =>
        {
            Assert.Equal("current", r.GetProperty("state").GetString());
            Assert.Equal(put.Text("version"), r.GetProperty("version").GetString());
            Assert.Equal(7, r.GetProperty("value").GetProperty("n").GetInt32());
        });
    }

    [Fact]
    public async Task A_key_no_replica_knows_shows_every_copy_as_absent()
    {
        var view = await fixture.Cluster[1].Http.GetJsonAsync("/admin/replicas/values:never-written?values=true");

        Assert.Equal(HttpStatusCode.OK, view.Status);
        Assert.Equal(JsonValueKindNull, view.Body.GetProperty("newest_version").ValueKind);
        Assert.All(view.Body.GetProperty("replicas").EnumerateArray(), r => Assert.Equal("absent", r.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task A_values_flag_that_is_not_a_boolean_is_refused_with_a_JSON_error()
    {
        var reply = await fixture.Cluster[1].Http.GetJsonAsync("/admin/replicas/k?values=maybe");

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Contains("values", reply.Text("error"));
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
