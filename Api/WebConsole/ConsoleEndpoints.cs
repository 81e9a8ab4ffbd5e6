using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansKv.Api.Errors;

namespace OrleansKv.Api.WebConsole;

/// <summary>
/// The web console: a static page, its script and its style, embedded in this assembly so that
/// every node serves the same console with nothing to install and nothing fetched from outside.
/// The page only calls this node's own HTTP API.
/// </summary>
public static class ConsoleEndpoints
{
    private const string ResourcePrefix = "console/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    public static IEndpointRouteBuilder MapConsoleEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", () => File("index.html")).ExcludeFromDescription();
        routes.MapGet("/console/{file}", (string file) => File(file)).ExcludeFromDescription();
        return routes;
    }

    private static IResult File(string name)
    {
        var stream = typeof(ConsoleEndpoints).Assembly.GetManifestResourceStream(ResourcePrefix + name);
        if (stream is null || !ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType))
        {
            stream?.Dispose();
            return TypedResults.Json(
                new Json.ErrorResponse($"No console file '{name}'."), Json.ApiJsonContext.Api.ErrorResponse, statusCode: StatusCodes.Status404NotFound);
        }

        return TypedResults.Stream(stream, contentType);
    }
}
