using System.Net.Sockets;
using System.Text;

namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>
/// HTTP/1.1 over a bare socket, for what HttpClient will not send: malformed framing, raw dot
/// segments and bytes in the target, bodies trickled, cut off or shorter than announced.
/// </summary>
public static class RawHttp
{
    /// <summary>How the request's bytes go out.</summary>
    public abstract record Delivery
    {
        public static Delivery Whole { get; } = new WholeDelivery();
    }

    /// <summary>Everything at once; then the answer is read.</summary>
    public sealed record WholeDelivery : Delivery;

    /// <summary>The bytes from <paramref name="From"/> on go out <paramref name="ChunkBytes"/> at a time, <paramref name="Pause"/> apart.</summary>
    public sealed record TrickleDelivery(int From, int ChunkBytes, TimeSpan Pause) : Delivery;

    /// <summary>Only the first <paramref name="SentBytes"/> go out, then the socket is closed (reset if <paramref name="Abortive"/>); no answer is read.</summary>
    public sealed record CloseMidwayDelivery(int SentBytes, bool Abortive) : Delivery;

    public sealed record Response(int Status, string Head, IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public string BodyText => Encoding.UTF8.GetString(Body);

        public string? Header(string name) => Headers.GetValueOrDefault(name);

        public override string ToString() =>
            $"{Head.TrimEnd()}\n\n{(BodyText.Length > 600 ? BodyText[..600] + "…" : BodyText)}";
    }

    /// <summary>
    /// Sends <paramref name="request"/> on a new connection and reads one answer. Null when the
    /// node closed (or reset) the connection without a complete answer, or when the delivery
    /// closes it first. Throws <see cref="TimeoutException"/> when no answer came within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<Response?> SendAsync(int port, byte[] request, Delivery delivery, bool headRequest, TimeSpan timeout)
    {
        using var client = new TcpClient { NoDelay = true };
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await client.ConnectAsync("127.0.0.1", port, deadline.Token);
            var stream = client.GetStream();
            if (delivery is CloseMidwayDelivery midway)
            {
                await stream.WriteAsync(request.AsMemory(0, Math.Min(midway.SentBytes, request.Length)), deadline.Token);
                if (midway.Abortive)
                {
                    client.Client.LingerState = new LingerOption(true, 0);
                }

                client.Close();
                return null;
            }

            // Written while the answer is read: a node may answer (413, 431) before it has read it all.
            using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            var writing = WriteAsync(stream, request, delivery, stopWriting.Token);
            var reader = new ResponseReader(stream);
            try
            {
                return await ReadResponseAsync(reader, headRequest, deadline.Token);
            }
            catch (Exception e) when (e is IOException or SocketException && reader.Received > 0 && !deadline.IsCancellationRequested)
            {
                throw new InvalidDataException($"the connection broke after {reader.Received} bytes of the answer: {e.Message}", e);
            }
            finally
            {
                await stopWriting.CancelAsync();
                try
                {
                    await writing;
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
                {
                    // The node stopped reading (it answered early and closed): what it answered is what counts.
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"no complete answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is IOException or SocketException && !deadline.IsCancellationRequested)
        {
            return null; // Closed or reset before any byte of an answer.
        }
    }

    private static async Task WriteAsync(NetworkStream stream, byte[] request, Delivery delivery, CancellationToken cancellation)
    {
        if (delivery is not TrickleDelivery trickle)
        {
            await stream.WriteAsync(request, cancellation);
            return;
        }

        await stream.WriteAsync(request.AsMemory(0, Math.Min(trickle.From, request.Length)), cancellation);
        for (var offset = trickle.From; offset < request.Length; offset += trickle.ChunkBytes)
        {
            await Task.Delay(trickle.Pause, cancellation); // a slow client's pace, not a wait for the node
            await stream.WriteAsync(request.AsMemory(offset, Math.Min(trickle.ChunkBytes, request.Length - offset)), cancellation);
        }
    }

    private static async Task<Response?> ReadResponseAsync(ResponseReader reader, bool headRequest, CancellationToken cancellation)
    {
        while (true)
        {
            var statusLine = await reader.ReadLineAsync(cancellation);
            if (statusLine is null)
            {
                return null;
            }

            var head = new StringBuilder(statusLine).Append('\n');
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            while (await reader.ReadLineAsync(cancellation) is { Length: > 0 } line)
            {
                head.Append(line).Append('\n');
                var colon = line.IndexOf(':');
                if (colon > 0)
                {
                    headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                }
            }

            var parts = statusLine.Split(' ', 3);
            if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(parts[1], out var status))
            {
                throw new InvalidDataException($"not an HTTP/1.x status line: '{statusLine}'");
            }

            if (status is >= 100 and < 200)
            {
                continue; // 100 Continue
            }

            byte[] body;
            if (headRequest || status is 204 or 304)
            {
                body = [];
            }
            else if (headers.TryGetValue("Transfer-Encoding", out var coding) && coding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                body = await reader.ReadChunkedAsync(cancellation);
            }
            else if (headers.TryGetValue("Content-Length", out var length))
            {
                body = await reader.ReadExactlyAsync(int.Parse(length), cancellation);
            }
            else
            {
                body = await reader.ReadToEndAsync(cancellation);
            }

            return new Response(status, head.ToString(), headers, body);
        }
    }

    /// <summary>Buffered reads of lines and counted bytes; a connection that ends mid-answer is an <see cref="InvalidDataException"/>.</summary>
    private sealed class ResponseReader(NetworkStream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;

        /// <summary>Bytes of the answer received so far.</summary>
        public long Received { get; private set; }

        /// <summary>One line without its CR LF; null when the connection ended before any byte of it.</summary>
        public async Task<string?> ReadLineAsync(CancellationToken cancellation)
        {
            var line = new List<byte>();
            while (true)
            {
                if (_start == _end && !await FillAsync(cancellation))
                {
                    return line.Count == 0 ? null : throw new InvalidDataException("the connection ended in the middle of a line");
                }

                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                var stop = newline < 0 ? _end : newline;
                line.AddRange(_buffer.AsSpan(_start, stop - _start));
                _start = newline < 0 ? _end : newline + 1;
                if (newline >= 0)
                {
                    return Encoding.Latin1.GetString([.. line]).TrimEnd('\r');
                }

                if (line.Count > 256 * 1024)
                {
                    throw new InvalidDataException("a header line longer than 256 KiB");
                }
            }
        }

        public async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellation)
        {
            var bytes = new byte[count];
            var copied = 0;
            while (copied < count)
            {
                if (_start == _end && !await FillAsync(cancellation))
                {
                    throw new InvalidDataException($"the connection ended after {copied} of {count} body bytes");
                }

                var take = Math.Min(count - copied, _end - _start);
                _buffer.AsSpan(_start, take).CopyTo(bytes.AsSpan(copied));
                _start += take;
                copied += take;
            }

            return bytes;
        }

        public async Task<byte[]> ReadChunkedAsync(CancellationToken cancellation)
        {
            using var body = new MemoryStream();
            while (true)
            {
                var sizeLine = await ReadLineAsync(cancellation) ?? throw new InvalidDataException("the connection ended before the last chunk");
                var size = Convert.ToInt32(sizeLine.Split(';')[0].Trim(), 16);
                if (size == 0)
                {
                    while (await ReadLineAsync(cancellation) is { Length: > 0 })
                    {
                        // Trailers.
                    }

                    return body.ToArray();
                }

                body.Write(await ReadExactlyAsync(size, cancellation));
                await ReadLineAsync(cancellation);
            }
        }

        public async Task<byte[]> ReadToEndAsync(CancellationToken cancellation)
        {
            using var body = new MemoryStream();
            body.Write(_buffer, _start, _end - _start);
            _start = _end;
            while (await FillAsync(cancellation))
            {
                body.Write(_buffer, _start, _end - _start);
                _start = _end;
            }

            return body.ToArray();
        }

        private async Task<bool> FillAsync(CancellationToken cancellation)
        {
            _start = 0;
            _end = await stream.ReadAsync(_buffer, cancellation);
            Received += _end;
            return _end > 0;
        }
    }
}
