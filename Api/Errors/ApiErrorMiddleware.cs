using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrleansKv.Api.Errors;

/// <summary>
/// The one place where what escapes a handler (or a malformed request) becomes a JSON error
/// (<see cref="ApiErrors.FromException"/>); a failure no rule maps is logged with its stack,
/// since its 500 tells the client nothing it can act on.
/// </summary>
public static partial class ApiErrorMiddleware
{
    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("OrleansKv.Api.Errors");
        return app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex) when (!context.Response.HasStarted)
            {
                var error = ApiErrors.FromException(ex);
                if (error is IStatusCodeHttpResult { StatusCode: StatusCodes.Status500InternalServerError })
                {
                    LogUnmapped(logger, context.Request.Method, context.Request.Path, ex);
                }

                await error.ExecuteAsync(context);
            }
        });
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Error, Message = "{Method} {Path} failed with an error no rule maps (answered 500)")]
    private static partial void LogUnmapped(ILogger logger, string method, string path, Exception exception);
}
