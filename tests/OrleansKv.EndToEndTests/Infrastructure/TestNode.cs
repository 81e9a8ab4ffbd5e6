using System.Diagnostics;
using System.Net;
using System.Text;

namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>
/// One real node process ("Silo node --node-id K"): on 127.0.0.1 with its own free ports, or on
/// its own address with the default ports under a command prefix (a network namespace).
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly string _dataDirectory;
    private readonly string[] _endpointArguments;
    private readonly string[] _extraArguments;
    private readonly IReadOnlyList<string> _commandPrefix;
    private readonly StringBuilder _output = new();
    private Process? _process;

    public TestNode(int number, string dataDirectory, params string[] extraArguments)
        : this(number, dataDirectory, IPAddress.Loopback, (FreePorts.Next(), FreePorts.Next(), FreePorts.Next()), [], extraArguments)
    {
    }

    /// <param name="ports">Explicit ports (nodes sharing 127.0.0.1), or null for a node alone on its address: --bind it, default ports.</param>
    private TestNode(
        int number, string dataDirectory, IPAddress address, (int Http, int Silo, int Gateway)? ports,
        IReadOnlyList<string> commandPrefix, string[] extraArguments)
    {
        Number = number;
        _dataDirectory = dataDirectory;
        _extraArguments = extraArguments;
        _commandPrefix = commandPrefix;
        Address = address;
        (HttpPort, SiloPort, GatewayPort) = ports ?? (8000 + number, 11110 + number, 30000 + number);
        _endpointArguments = ports is null
            ? ["--bind", address.ToString()]
            : ["--http-port", HttpPort.ToString(), "--silo-port", SiloPort.ToString(), "--gateway-port", GatewayPort.ToString()];
        Http = HttpsClient(extraArguments, address, HttpPort) ?? new HttpClient { BaseAddress = new Uri($"http://{address}:{HttpPort}") };
        Http.Timeout = TimeSpan.FromSeconds(15);

        // A node started with --api-key is called with it, so the harness's own calls pass.
        var apiKey = Array.IndexOf(extraArguments, "--api-key");
        if (apiKey >= 0)
        {
            Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", extraArguments[apiKey + 1]);
        }
    }

    /// <summary>
    /// A node started with --https-cert is called over HTTPS by a client that trusts that
    /// certificate (read from the same file, with --https-cert-password).
    /// </summary>
    private static HttpClient? HttpsClient(string[] arguments, IPAddress address, int port)
    {
        var certificate = Array.IndexOf(arguments, "--https-cert");
        if (certificate < 0)
        {
            return null;
        }

        var password = Array.IndexOf(arguments, "--https-cert-password");
        using var pfx = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
            arguments[certificate + 1], password < 0 ? null : arguments[password + 1]);
        var trusted = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(pfx.RawData);
        return new HttpClient(TestCertificates.Trusting(trusted)) { BaseAddress = new Uri($"https://{address}:{port}") };
    }

    /// <summary>
    /// A node that binds <paramref name="address"/> (<c>--bind</c>) with the default ports
    /// (8000+K, 11110+K, 30000+K), started under <paramref name="commandPrefix"/>, e.g.
    /// <c>ip netns exec NS</c>: that execs the node in place, so <see cref="ProcessId"/> stays
    /// the node's own and <see cref="KillAsync"/> kills the node itself.
    /// </summary>
    public static TestNode OnAddress(int number, string dataDirectory, IPAddress address, IReadOnlyList<string> commandPrefix, params string[] extraArguments) =>
        new(number, dataDirectory, address, ports: null, commandPrefix, extraArguments);

    public int Number { get; }

    public string NodeId => $"node{Number}";

    /// <summary>The address every endpoint of the node is bound to.</summary>
    public IPAddress Address { get; }

    public int HttpPort { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public HttpClient Http { get; }

    public int ProcessId => _process?.Id ?? -1;

    /// <summary>The node's own data directory (DIR/nodeK).</summary>
    public string NodeDataDirectory => Path.Combine(_dataDirectory, NodeId);

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The exit code once the process has exited; null while it runs.</summary>
    public int? ExitCode => _process is { HasExited: true } process ? process.ExitCode : null;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="moreArguments">Appended for this start only (e.g. a configuration value a fault-injection test changes).</param>
    public void Start(params string[] moreArguments)
    {
        var start = SiloBinary.StartInfo(
            ["node", "--node-id", Number.ToString(), "--data-dir", _dataDirectory, .. _endpointArguments, .. _extraArguments, .. moreArguments])
            .UnderPrefix(_commandPrefix);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>kill -9: no shutdown, no flush, no goodbye to the cluster.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Sends a POSIX signal (e.g. STOP to freeze the node, CONT to resume it).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", ProcessId.ToString()]);
        await kill.WaitForExitAsync();
    }

    /// <summary>SIGTERM and wait for a clean exit.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]);
            await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }
    }

    public async Task<bool> IsReadyAsync()
    {
        if (!IsRunning)
        {
            throw new InvalidOperationException($"{NodeId} exited with code {_process?.ExitCode}. Output:\n{Output}");
        }

        using var response = await Http.GetAsync("/health/ready");
        return response.IsSuccessStatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        Http.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
