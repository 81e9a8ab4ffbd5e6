using System.CommandLine;
using OrleansKv.Silo.Cli;

// Ctrl-C/SIGTERM cancel the command's token; stopping a whole cluster cleanly takes longer than
// System.CommandLine's default 2 s grace before it exits on its own.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) };
return await SiloCommandLine.Build().Parse(args).InvokeAsync(invocation);
