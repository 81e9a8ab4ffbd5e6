using System.Security.Cryptography.X509Certificates;
using OrleansKv.Client.Security;

namespace OrleansKv.UnitTests.Security;

/// <summary>Loading the certificate files of --https-cert and --cluster-cert: what loads, and what is refused with a message naming the file.</summary>
public sealed class CertificateFileTests
{
    [Fact]
    public void A_pfx_loads_with_its_password_and_a_wrong_or_missing_password_is_refused_naming_the_option_and_file()
    {
        using var files = new TestCertificates();
        var (pfx, certificate) = files.Create("pfx");

        using var loaded = new CertificateFile(pfx, TestCertificates.Password).Load("--https-cert");
        var wrong = Assert.Throws<InvalidOperationException>(() => new CertificateFile(pfx, "not-it").Load("--https-cert"));
        var missing = Assert.Throws<InvalidOperationException>(() => new CertificateFile(pfx).Load("--cluster-cert"));

        Assert.Equal(certificate.Thumbprint, loaded.Thumbprint);
        Assert.True(loaded.HasPrivateKey);
        Assert.StartsWith($"--https-cert {pfx}: cannot load the certificate", wrong.Message);
        Assert.Contains("is it protected by a password?", missing.Message);
    }

    [Fact]
    public void Pem_loads_with_the_key_apart_or_in_the_same_file_and_a_password_for_a_plain_key_is_ignored()
    {
        using var files = new TestCertificates();
        using var certificate = TestCertificates.New("pem");
        var (crt, key) = files.WritePem("pem", certificate);
        var combined = crt + ".both";
        File.WriteAllText(combined, File.ReadAllText(crt) + File.ReadAllText(key));

        using var apart = new CertificateFile(crt, KeyPath: key).Load("--https-cert");
        using var together = new CertificateFile(combined, Password: "from-the-environment").Load("--https-cert");

        Assert.True(apart.HasPrivateKey);
        Assert.True(together.HasPrivateKey);
        Assert.Equal(certificate.Thumbprint, together.Thumbprint);
    }

    [Fact]
    public void A_certificate_without_its_private_key_or_out_of_its_dates_is_refused()
    {
        using var files = new TestCertificates();
        using var withKey = TestCertificates.New("public");
        using var publicOnly = X509CertificateLoader.LoadCertificate(withKey.RawData);
        var noKey = files.WritePfx("public", publicOnly);
        var expired = files.WritePfx("expired", TestCertificates.New("expired", notAfter: DateTimeOffset.UtcNow.AddHours(-1)));

        var keyless = Assert.Throws<InvalidOperationException>(() => new CertificateFile(noKey, TestCertificates.Password).Load("--cluster-cert"));
        var stale = Assert.Throws<InvalidOperationException>(() => new CertificateFile(expired, TestCertificates.Password).Load("--cluster-cert"));

        Assert.Contains("has no private key", keyless.Message);
        Assert.Contains("not now", stale.Message);
    }

    [Fact]
    public void A_certificate_file_prints_as_its_path_never_its_password()
    {
        var file = new CertificateFile("/etc/orleanskv/node.pfx", "s3cret");

        Assert.Equal("/etc/orleanskv/node.pfx", file.ToString());
        Assert.DoesNotContain("s3cret", new { file }.ToString());
    }
}
