using System.Net;
using System.Net.Http.Headers;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Security;

/// <summary>A cluster started with --api-key and --admin-key, called with no key, a wrong key, the API key and the admin key.</summary>
public sealed class ApiKeyTests
{
    private const string ApiKey = "api-key-for-tests";
    private const string AdminKey = "admin-key-for-tests";

    private static HttpClient ClientFor(TestNode node, string? key)
    {
        var client = new HttpClient { BaseAddress = node.Http.BaseAddress };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    [Fact]
    public async Task Keys_and_admin_need_the_api_key_cluster_changes_need_the_admin_key_and_health_stays_open()
    {
        await using var cluster = await ProcessCluster.StartAsync(3, "--api-key", ApiKey, "--admin-key", AdminKey);
        using var anonymous = ClientFor(cluster[1], null);
        using var wrong = ClientFor(cluster[1], "not-the-key");
        using var user = ClientFor(cluster[1], ApiKey);
        using var admin = ClientFor(cluster[1], AdminKey);

        var noKey = await anonymous.PutAsync("/keys/guarded", """{"value": 1}""");
        var badKey = await wrong.GetJsonAsync("/admin/status");
        var put = await user.PutAsync("/keys/guarded", """{"value": 1}""");
        var get = await user.GetJsonAsync("/keys/guarded?consistency=quorum");
        var repairAsUser = await HttpJson.SendAsync(user, new HttpRequestMessage(HttpMethod.Post, "/admin/repair"));
        var repairAsAdmin = await HttpJson.SendAsync(admin, new HttpRequestMessage(HttpMethod.Post, "/admin/repair"));
        using var health = await anonymous.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.Status);
        Assert.Contains("Authorization: Bearer", noKey.Text("error"));
        Assert.Equal(HttpStatusCode.Unauthorized, badKey.Status);
        Assert.Contains("not valid", badKey.Text("error"));
        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal(1, get.Int("value"));
        Assert.Equal(HttpStatusCode.Forbidden, repairAsUser.Status);
        Assert.Contains("admin key", repairAsUser.Text("error"));
        Assert.Equal(HttpStatusCode.Accepted, repairAsAdmin.Status);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.DoesNotContain(ApiKey, cluster[1].Output);
    }
}
