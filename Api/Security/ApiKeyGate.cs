using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansKv.Api.Json;

namespace OrleansKv.Api.Security;

/// <summary>
/// Checks <c>Authorization: Bearer KEY</c> on <c>/keys</c> and <c>/admin</c> (health checks, the
/// console's static files and metrics stay open): 401 without a valid key, 403 when an admin
/// operation that changes the cluster is asked with the API key only. Keys are compared in
/// constant time, as SHA-256 digests, so neither their content nor their length leaks through timing.
/// </summary>
public static class ApiKeyGate
{
    public static WebApplication UseApiKeys(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ApiKeyOptions>>().Value;
        var apiKey = Digest(options.ApiKey);
        var adminKey = Digest(options.AdminKey);
        if (apiKey is null && adminKey is null)
        {
            return app;
        }

        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            var isAdmin = path.StartsWithSegments("/admin");
            if (!isAdmin && !path.StartsWithSegments("/keys"))
            {
                await next(context);
                return;
            }

            var presented = Digest(BearerOf(context.Request));
            var holdsAdmin = adminKey is not null && Matches(presented, adminKey);
            if (!holdsAdmin && apiKey is not null && !Matches(presented, apiKey))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Deny(context, StatusCodes.Status401Unauthorized,
                    presented is null ? "This node needs an API key: send Authorization: Bearer KEY." : "The API key is not valid for this node.");
                return;
            }

            var changesCluster = isAdmin && (HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsDelete(context.Request.Method));
            if (changesCluster && adminKey is not null && !holdsAdmin)
            {
                await Deny(context, StatusCodes.Status403Forbidden, "This operation changes the cluster and needs the admin key.");
                return;
            }

            await next(context);
        });
        return app;
    }

    private static string? BearerOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static byte[]? Digest(string? key) => string.IsNullOrEmpty(key) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static bool Matches(byte[]? presented, byte[] expected) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(presented, expected);

    private static Task Deny(HttpContext context, int status, string message) =>
        TypedResults.Json(new ErrorResponse(message), ApiJsonContext.Api.ErrorResponse, statusCode: status).ExecuteAsync(context);
}
