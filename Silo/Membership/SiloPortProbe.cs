using System.Net.Sockets;

namespace OrleansKv.Silo.Membership;

/// <summary>
/// Whether a membership row's silo is alive: rows outlive a crash until the silo is declared
/// dead, so an Active row alone is no proof of life; a TCP connect to its silo port is.
/// </summary>
public static class SiloPortProbe
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);

    public static async Task<bool> AnswersAsync(string address, int port, CancellationToken cancellation)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await client.ConnectAsync(address, port, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellation.IsCancellationRequested)
        {
            return false;
        }
    }
}
