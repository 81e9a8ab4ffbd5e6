namespace OrleansKv.Api.Security;

/// <summary>
/// Access to the HTTP API (section <c>OrleansKv:Security</c>; the node's <c>--api-key</c> and
/// <c>--admin-key</c>, or the environment variables ORLEANSKV_API_KEY and ORLEANSKV_ADMIN_KEY).
/// With neither set the API is open, as on a developer's machine bound to loopback.
/// </summary>
public sealed class ApiKeyOptions
{
    /// <summary>When set, every <c>/keys</c> and <c>/admin</c> request needs <c>Authorization: Bearer KEY</c> (or the admin key).</summary>
    public string? ApiKey { get; set; }

    /// <summary>When set, admin requests that change the cluster (POST or DELETE under <c>/admin</c>, e.g. repair) need this key.</summary>
    public string? AdminKey { get; set; }
}
