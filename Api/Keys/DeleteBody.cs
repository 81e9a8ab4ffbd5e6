using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OrleansKv.Api.Keys;

/// <summary>
/// The optional body of a DELETE: <c>{"if_version": "V"}</c> or <c>{"if_absent": true}</c>, for
/// clients that cannot set If-Match. A DELETE without a body has no condition in it.
/// </summary>
public sealed record DeleteBody(string? IfVersion, bool IfAbsent)
{
    private const int MaxBytes = 64 * 1024;

    private static readonly DeleteBody None = new(null, false);

    public static async Task<(DeleteBody Body, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is null or 0 && !request.Headers.TransferEncoding.Any(t => t?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true))
        {
            return (None, null);
        }

        if (request.ContentLength > MaxBytes)
        {
            return (None, $"A DELETE body holds only a condition; it is limited to {MaxBytes} bytes.");
        }

        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, cancellationToken);
        }
        catch (IOException ex) when (ex is not BadHttpRequestException)
        {
            return (None, $"The request body could not be read: {ex.Message}");
        }

        if (buffer.Length == 0)
        {
            return (None, null);
        }

        if (buffer.Length > MaxBytes)
        {
            return (None, $"A DELETE body holds only a condition; it is limited to {MaxBytes} bytes.");
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (None, "A DELETE body must be a JSON object like {\"if_version\": \"<version>\"}.");
            }

            var (ifVersion, ifAbsent, error) = PutBody.ReadCondition(document.RootElement);
            return (new DeleteBody(ifVersion, ifAbsent), error);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            return (None, $"Malformed JSON body: {ex.Message}");
        }
    }
}
