using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Packaging;

/// <summary><c>dotnet pack</c> of the client, as a service team would consume it.</summary>
public sealed class ClientPackageTests
{
    [Fact]
    public async Task Dotnet_pack_makes_an_OrleansKv_Client_package_with_the_contracts_inside_and_a_readme()
    {
        var output = Path.Combine(Path.GetTempPath(), "orleanskv-pack-" + Guid.NewGuid().ToString("N"));
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                WorkingDirectory = SiloBinary.RepositoryRoot,
            };
            foreach (var argument in new[] { "pack", "Client/Client.csproj", "-c", SiloBinary.Configuration, "--no-build", "--nologo", "-o", output })
            {
                start.ArgumentList.Add(argument);
            }

            var run = await ProcessRun.RunAsync(start, timeout: TimeSpan.FromMinutes(3));
            Assert.True(run.ExitCode == 0, run.ToString());

            using var package = ZipFile.OpenRead(Path.Combine(output, "OrleansKv.Client.0.1.0.nupkg"));
            var entries = package.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("lib/net10.0/OrleansKv.Client.dll", entries);
            Assert.Contains("lib/net10.0/Grains.Interfaces.dll", entries);
            Assert.Contains("README.md", entries);

            await using var nuspecStream = package.GetEntry("OrleansKv.Client.nuspec")!.Open();
            var nuspec = XDocument.Load(nuspecStream);
            var ns = nuspec.Root!.GetDefaultNamespace();
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            Assert.Equal("OrleansKv.Client", metadata.Element(ns + "id")!.Value);
            Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
            Assert.Contains("IDistributedCache", metadata.Element(ns + "description")!.Value);
            Assert.NotNull(metadata.Element(ns + "repository")?.Attribute("commit"));
            var dependencies = metadata.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).ToList();
            Assert.Contains("Microsoft.Orleans.Client", dependencies);
            Assert.DoesNotContain("Grains.Interfaces", dependencies);
            Assert.True(File.Exists(Path.Combine(output, "OrleansKv.Client.0.1.0.snupkg")), "no symbol package");
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
