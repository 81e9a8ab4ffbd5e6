using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using OrleansKv.Api.Errors;
using OrleansKv.Api.Json;
using OrleansKv.Api.Keys;
using OrleansKv.Client;
using OrleansKv.Consistency;
using OrleansKv.Errors;
using OrleansKv.Grains.Coordination;
using OrleansKv.Results;

namespace OrleansKv.Api.Admin;

/// <summary>
/// <c>GET /admin/export?prefix=P</c> streams every live key as JSON Lines (<see cref="ExportLine"/>),
/// a listing page at a time, flushed as it goes, so memory holds one page; <c>POST /admin/import</c>
/// reads the same lines and writes each key with its own version (<see cref="KeyImporter"/>).
/// </summary>
public static class ExportImportEndpoints
{
    private const int PageSize = 1000;
    private const int ImportBatch = 256;

    public static RouteGroupBuilder MapExportImportEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/export", ExportAsync).WithSummary("Every live key (?prefix=) as JSON Lines: key, value, version, expires_at");
        admin.MapPost("/import", ImportAsync).WithSummary("Write JSON Lines as export makes them, each key with its own version (last writer wins)");
        return admin;
    }

    private static async Task ExportAsync(HttpContext context, KeyLister lister)
    {
        var prefix = context.Request.Query["prefix"].FirstOrDefault() ?? "";
        if (!QueryLevel.TryRead(context, ConsistencyLevel.Quorum, out var level, out var levelError))
        {
            await levelError.ExecuteAsync(context);
            return;
        }

        if (level == ConsistencyLevel.Serial)
        {
            // Refused before the stream starts: once it has, an error can no longer be a 400.
            await ApiErrors.BadRequest("Consistency 'serial' applies to single keys (conditional writes and serial reads); an export takes one, quorum or all.").ExecuteAsync(context);
            return;
        }

        // The first page is read before anything is sent, so a bad prefix or an unmet level is
        // still a JSON error; a failure later can only cut the stream short.
        var page = await lister.ListAsync(prefix, PageSize, null, level);
        context.Response.ContentType = "application/x-ndjson";
        while (true)
        {
            ExportLine.WriteLines(context.Response.BodyWriter, page.Keys);
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
            if (page.NextCursor is null)
            {
                return;
            }

            page = await lister.ListAsync(prefix, PageSize, page.NextCursor, level);
        }
    }

    private static async Task<IResult> ImportAsync(HttpContext context, KeyImporter importer)
    {
        if (!QueryLevel.TryRead(context, ConsistencyLevel.Quorum, out var level, out var levelError))
        {
            return levelError;
        }

        // An import is as large as the data: the per-request body limit (sized for one value) does
        // not apply; each line is still held to the value limit when it is checked.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var batch = new List<ListedKey>(ImportBatch);
        long written = 0, number = 0;
        while (await reader.ReadLineAsync(context.RequestAborted) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var error = ExportLine.TryParse(line, out var entry, out var parseError) ? Invalid(importer, entry!) : parseError;
            if (error is not null)
            {
                // The lines before it are written, nothing after it.
                written += await WriteAsync(importer, batch, level);
                return LineError($"line {number}: {error}", number, written);
            }

            batch.Add(entry!);
            if (batch.Count == ImportBatch)
            {
                written += await WriteAsync(importer, batch, level);
            }
        }

        written += await WriteAsync(importer, batch, level);
        return TypedResults.Json(new ImportResponse(written), ApiJsonContext.Api.ImportResponse);
    }

    private static string? Invalid(KeyImporter importer, ListedKey entry)
    {
        try
        {
            importer.Validate(entry);
            return null;
        }
        catch (InvalidRequestException e)
        {
            return e.Message;
        }
    }

    private static async Task<long> WriteAsync(KeyImporter importer, List<ListedKey> batch, ConsistencyLevel level)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        await importer.ImportAsync(batch, level);
        var count = batch.Count;
        batch.Clear();
        return count;
    }

    private static IResult LineError(string message, long line, long written) =>
        TypedResults.Json(new ImportErrorResponse(message, line, written), ApiJsonContext.Api.ImportErrorResponse, statusCode: StatusCodes.Status400BadRequest);
}
