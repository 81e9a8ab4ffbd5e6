using System.CommandLine;
using OrleansKv.Client.Security;

namespace OrleansKv.Silo.Cli;

/// <summary>
/// The certificate options of the launcher and of <c>node</c>: HTTPS for the HTTP API
/// (--https-cert) and mutual TLS for Orleans traffic (--cluster-cert). Passwords default to
/// environment variables, so they need not appear on a command line (shell history, ps).
/// </summary>
internal sealed class TlsCommandLine
{
    private readonly Option<string?> _httpsCertificate = new("--https-cert")
    {
        Description = "Serve the HTTP API over HTTPS only (plain HTTP is then off), with this certificate: PFX, or PEM (key in the same file or --https-key)",
        HelpName = "FILE",
    };

    private readonly Option<string?> _httpsKey = new("--https-key")
    {
        Description = "The PEM private key of a PEM --https-cert, when it is in a file of its own",
        HelpName = "FILE",
    };

    private readonly Option<string?> _httpsPassword;

    private readonly Option<string?> _clusterCertificate = new("--cluster-cert")
    {
        Description = "Encrypt and mutually authenticate silo-to-silo and client-to-gateway traffic with this cluster certificate (PFX, or PEM with its key): only processes that hold it can join or connect",
        HelpName = "FILE",
    };

    private readonly Option<string?> _clusterPassword;

    public TlsCommandLine(Func<string, string?> environment)
    {
        _httpsPassword = new("--https-cert-password")
        {
            Description = $"Password of --https-cert (or of its encrypted PEM key). Default: ${SiloEnvironment.HttpsCertificatePassword}",
            HelpName = "PASSWORD",
            DefaultValueFactory = _ => environment(SiloEnvironment.HttpsCertificatePassword),
        };
        _clusterPassword = new("--cluster-cert-password")
        {
            Description = $"Password of --cluster-cert. Default: ${SiloEnvironment.ClusterCertificatePassword}",
            HelpName = "PASSWORD",
            DefaultValueFactory = _ => environment(SiloEnvironment.ClusterCertificatePassword),
        };
        foreach (var file in new[] { _httpsCertificate, _httpsKey, _clusterCertificate })
        {
            file.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<string?>() is { } path && !File.Exists(path))
                {
                    r.AddError($"{r.Option.Name} {path}: no such file.");
                }
            });
        }
    }

    public IEnumerable<Option> Options => [_httpsCertificate, _httpsKey, _httpsPassword, _clusterCertificate, _clusterPassword];

    /// <summary>Adds the rule that --https-key goes with --https-cert.</summary>
    public void AddValidators(Command command) =>
        command.Validators.Add(r =>
        {
            if (r.GetResult(_httpsKey) is not null && r.GetResult(_httpsCertificate) is null)
            {
                r.AddError("--https-key goes with --https-cert (the PEM certificate it is the key of).");
            }
        });

    public CertificateFile? HttpsCertificate(ParseResult result) =>
        result.GetValue(_httpsCertificate) is { } path
            ? new CertificateFile(Path.GetFullPath(path), result.GetValue(_httpsPassword), result.GetValue(_httpsKey) is { } key ? Path.GetFullPath(key) : null)
            : null;

    public CertificateFile? ClusterCertificate(ParseResult result) =>
        result.GetValue(_clusterCertificate) is { } path ? new CertificateFile(Path.GetFullPath(path), result.GetValue(_clusterPassword)) : null;
}
