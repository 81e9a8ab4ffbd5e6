using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using OrleansKv.Client.Security;

namespace OrleansKv.Silo.Launcher;

/// <summary>Polls each node's /health/ready until all answer 200, a node exits, or the deadline passes.</summary>
public static class ReadinessProbe
{
    public sealed record Result(bool AllReady, string? Failure);

    /// <param name="httpsCertificate">The certificate the nodes serve HTTPS with: trusted by pin, since a self-signed one has no chain to check.</param>
    public static async Task<Result> WaitAllAsync(
        IReadOnlyList<NodeProcess> nodes, TimeSpan timeout, X509Certificate2? httpsCertificate, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(Handler(httpsCertificate)) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        var pending = nodes.ToList();
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var node in pending.ToList())
            {
                if (node.HasExited)
                {
                    return new Result(false, $"{node.NodeId} exited with code {node.ExitCode} while starting. Its log ({node.LogPath}) ends with:\n{node.LogTail()}");
                }

                if (await IsReadyAsync(http, node, cancellationToken))
                {
                    pending.Remove(node);
                }
            }

            if (pending.Count == 0)
            {
                break;
            }

            if (DateTime.UtcNow > deadline)
            {
                return new Result(false, $"Not ready after {timeout.TotalSeconds:0} s: {string.Join(", ", pending.Select(n => n.NodeId))}. See their logs under the data directory.");
            }

            await Task.Delay(100, cancellationToken);
        }

        return new Result(true, null);
    }

    private static HttpClientHandler Handler(X509Certificate2? httpsCertificate)
    {
        var handler = new HttpClientHandler();
        if (httpsCertificate is not null)
        {
            var pin = new CertificatePin(httpsCertificate);
            handler.ServerCertificateCustomValidationCallback = (_, presented, _, errors) => errors == SslPolicyErrors.None || pin.Matches(presented);
        }

        return handler;
    }

    /// <summary>Ready, and really our child: another process answering on the port (a leftover cluster) does not count.</summary>
    private static async Task<bool> IsReadyAsync(HttpClient http, NodeProcess node, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"{node.HttpUrl}/health/ready", cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return body.RootElement.TryGetProperty("pid", out var pid) && pid.GetInt32() == node.ProcessId;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
