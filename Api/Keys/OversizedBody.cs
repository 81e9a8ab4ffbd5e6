using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace OrleansKv.Api.Keys;

/// <summary>
/// What to do with a request body that is over the limit before answering 413. A client that
/// writes its whole body before it reads (Python's urllib, many simple clients) sees a broken
/// pipe, not the 413, if the server answers and closes while it is still sending; reading the
/// body to its end first (and discarding it) lets it read the answer. A client that asked
/// "Expect: 100-continue" has sent nothing yet and never will, and a body beyond
/// <c>maxDrained</c> is not worth reading: those are refused at once.
/// </summary>
public static class OversizedBody
{
    public static async Task DrainAsync(HttpContext context, long length, long maxDrained, CancellationToken cancellationToken)
    {
        if (length > maxDrained || context.Request.Headers.Expect.Any(e => string.Equals(e, "100-continue", StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = length;
        }

        var buffer = new byte[64 * 1024];
        try
        {
            while (await context.Request.Body.ReadAsync(buffer, cancellationToken) > 0)
            {
            }
        }
        catch (IOException)
        {
            // The client sent less or more than it announced, or went away (BadHttpRequestException
            // and ConnectionResetException are IOExceptions): the 413 still goes out.
        }
    }
}
