using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansKv.Client.Security;

/// <summary>
/// A certificate with its private key in files: a PFX (PKCS#12) file, or PEM (the certificate
/// and the key in one file, or the key in <see cref="KeyPath"/>). Loading checks what a TLS
/// endpoint needs, so a bad file fails the start with a message naming it, not a handshake later.
/// </summary>
/// <param name="Path">The PFX or PEM file.</param>
/// <param name="Password">The PFX password, or the password of an encrypted PEM key; none if the file is not protected.</param>
/// <param name="KeyPath">A PEM private key kept apart from the PEM certificate; none for PFX or a PEM file that holds both.</param>
public sealed record CertificateFile(string Path, string? Password = null, string? KeyPath = null)
{
    /// <summary>Loads the certificate; throws <see cref="InvalidOperationException"/> naming <paramref name="setting"/> and the file when it cannot serve TLS.</summary>
    /// <param name="setting">How the user gave the file (an option or a configuration key), for the error message.</param>
    public X509Certificate2 Load(string setting)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = IsPem() ? LoadPem() : X509CertificateLoader.LoadPkcs12FromFile(Path, Password);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            var hint = ex is CryptographicException && Password is null ? " (is it protected by a password?)" : "";
            // Not wrapped: hosts report an exception's innermost message, and this one names the file.
            throw new InvalidOperationException($"{setting} {Path}: cannot load the certificate{hint}: {ex.Message}");
        }

        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"{setting} {Path}: the certificate has no private key (give a PFX, or PEM with its key).");
        }

        var now = DateTime.Now;
        if (now < certificate.NotBefore || now > certificate.NotAfter)
        {
            throw new InvalidOperationException(
                $"{setting} {Path}: the certificate is valid from {certificate.NotBefore:u} to {certificate.NotAfter:u}, not now.");
        }

        return certificate;
    }

    /// <summary>The file name only: a certificate file's record must never print its password.</summary>
    public override string ToString() => Path;

    private bool IsPem()
    {
        if (KeyPath is not null)
        {
            return true;
        }

        using var file = File.OpenText(Path);
        var start = new char[64];
        var read = file.ReadBlock(start);
        return new string(start, 0, read).TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal);
    }

    /// <summary>The password applies to an encrypted key only: a plain key loads whatever password the environment holds.</summary>
    private X509Certificate2 LoadPem() =>
        Password is not null && File.ReadAllText(KeyPath ?? Path).Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal)
            ? X509Certificate2.CreateFromEncryptedPemFile(Path, Password, KeyPath)
            : X509Certificate2.CreateFromPemFile(Path, KeyPath);
}
