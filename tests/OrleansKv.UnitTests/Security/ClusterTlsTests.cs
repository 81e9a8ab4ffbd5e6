using System.Net.Security;
using Orleans.Connections.Security;
using OrleansKv.Client.Security;

namespace OrleansKv.UnitTests.Security;

/// <summary>The mutual TLS rule every silo and client applies: present the cluster certificate, accept only that certificate.</summary>
public sealed class ClusterTlsTests
{
    [Fact]
    public void Both_ends_must_present_a_certificate_and_only_the_cluster_certificate_is_accepted()
    {
        using var cluster = TestCertificates.New("cluster");
        using var other = TestCertificates.New("other");
        using var sameNameOtherKey = TestCertificates.New("cluster");
        var options = new TlsOptions();

        ClusterTls.Configure(options, cluster);

        Assert.Same(cluster, options.LocalCertificate);
        Assert.Equal(RemoteCertificateMode.RequireCertificate, options.RemoteCertificateMode);
        Assert.Equal(RemoteCertificateMode.RequireCertificate, options.ClientCertificateMode);
        // Chain errors are expected for a self-signed certificate: the pin decides.
        Assert.True(options.RemoteCertificateValidation!(cluster, null!, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(options.RemoteCertificateValidation(other, null!, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(options.RemoteCertificateValidation(sameNameOtherKey, null!, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void The_pin_refuses_no_certificate_and_an_expired_copy_of_the_pinned_one()
    {
        using var expired = TestCertificates.New("expired", notAfter: DateTimeOffset.UtcNow.AddMinutes(-1));
        using var current = TestCertificates.New("current");

        Assert.False(new CertificatePin(current).Matches(null));
        Assert.True(new CertificatePin(current).Matches(current));
        Assert.False(new CertificatePin(expired).Matches(expired));
    }

    [Fact]
    public void A_certificate_for_server_authentication_only_cannot_be_the_cluster_certificate()
    {
        using var serverOnly = TestCertificates.New("server-only", clientAuthentication: false);

        var error = Assert.Throws<InvalidOperationException>(() => ClusterTls.Configure(new TlsOptions(), serverOnly));

        Assert.Contains("both server and client authentication", error.Message);
    }
}
