using System.Diagnostics;
using System.Text;

namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>A long-running program (the launcher, say) started with its standard output and error collected as it runs.</summary>
public sealed class CapturedProcess : IDisposable
{
    private readonly StringBuilder _output = new();

    private CapturedProcess(ProcessStartInfo start)
    {
        Process = System.Diagnostics.Process.Start(start)!;
        Process.OutputDataReceived += (_, e) => Append(e.Data);
        Process.ErrorDataReceived += (_, e) => Append(e.Data);
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    public Process Process { get; }

    /// <summary>Everything printed so far, standard output and error interleaved.</summary>
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

    public static CapturedProcess Start(ProcessStartInfo start) => new(start);

    public void Dispose() => Process.Dispose();

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
