using System.Buffers;
using System.Text;
using OrleansKv.Client;
using OrleansKv.Consistency;
using OrleansKv.Results;
using OrleansKv.Shell.Commands;

namespace OrleansKv.Shell.Execution;

/// <summary>
/// Export and import through the current node's coordinator: a listing page at a time to the
/// file, or batches of lines from it, in the JSON Lines form the HTTP API uses (<see cref="ExportLine"/>).
/// </summary>
public sealed partial class CommandExecutor
{
    private const int TransferPage = 1000;

    /// <summary>Told the running count of keys exported or imported, after each page or batch.</summary>
    public Action<string, long>? TransferProgress { get; set; }

    private async Task<CommandOutcome> ExportAsync(ExportCommand export, CancellationToken cancellation)
    {
        FileStream file;
        try
        {
            file = new FileStream(export.File, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new FailedOutcome($"cannot write '{export.File}': {e.Message}");
        }

        await using (file)
        {
            return await ExportToAsync(file, export, cancellation);
        }
    }

    private async Task<CommandOutcome> ExportToAsync(FileStream file, ExportCommand export, CancellationToken cancellation)
    {
        var start = time.GetTimestamp();
        long count = 0;
        var lines = new ArrayBufferWriter<byte>(1 << 16);
        string? cursor = null;
        do
        {
            var page = await BoundAsync(cluster.ListKeysAsync(CurrentNodeId, export.Prefix, TransferPage, cursor, ConsistencyLevel.Quorum), cancellation);
            lines.ResetWrittenCount();
            ExportLine.WriteLines(lines, page.Keys);
            await file.WriteAsync(lines.WrittenMemory, cancellation);
            count += page.Keys.Length;
            TransferProgress?.Invoke("exported", count);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return new TransferOutcome("export", export.File, count, time.GetElapsedTime(start));
    }

    private async Task<CommandOutcome> ImportAsync(ImportCommand import, CancellationToken cancellation)
    {
        var start = time.GetTimestamp();
        if (!File.Exists(import.File))
        {
            return new FailedOutcome($"no file '{import.File}'.");
        }

        StreamReader reader;
        try
        {
            reader = new StreamReader(import.File, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new FailedOutcome($"cannot read '{import.File}': {e.Message}");
        }

        using (reader)
        {
            return await ImportFromAsync(reader, import, start, cancellation);
        }
    }

    private async Task<CommandOutcome> ImportFromAsync(StreamReader reader, ImportCommand import, long start, CancellationToken cancellation)
    {
        long count = 0, number = 0;
        var batch = new List<ListedKey>(TransferPage);
        while (await reader.ReadLineAsync(cancellation) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (!ExportLine.TryParse(line, out var entry, out var error))
            {
                count += await ImportBatchAsync(batch, cancellation);
                return new FailedOutcome($"{import.File} line {number}: {error}.", [$"{count} keys before it were imported; none after it."]);
            }

            batch.Add(entry!);
            if (batch.Count == TransferPage)
            {
                count += await ImportBatchAsync(batch, cancellation);
                TransferProgress?.Invoke("imported", count);
            }
        }

        count += await ImportBatchAsync(batch, cancellation);
        return new TransferOutcome("import", import.File, count, time.GetElapsedTime(start));
    }

    private async Task<long> ImportBatchAsync(List<ListedKey> batch, CancellationToken cancellation)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        await cluster.ImportAsync(CurrentNodeId, [.. batch], ConsistencyLevel.Quorum).WaitAsync(requestTimeout, time, cancellation);
        var count = batch.Count;
        batch.Clear();
        return count;
    }
}
