namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>A node as another node's membership view has it (<c>GET /admin/membership</c>): its state and its silo address, whose generation changes when it comes back.</summary>
public static class MembershipProbe
{
    public static async Task<(string State, string Address)> SeenByAsync(TestNode observer, string nodeId) =>
        await SeenByAsync(observer.Http, nodeId);

    public static async Task<(string State, string Address)> SeenByAsync(HttpClient observer, string nodeId)
    {
        var membership = await observer.GetJsonAsync("/admin/membership");
        var entry = membership.Body.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("node_id").GetString() == nodeId);
        return (entry.GetProperty("state").GetString()!, entry.GetProperty("address").GetString()!);
    }
}
