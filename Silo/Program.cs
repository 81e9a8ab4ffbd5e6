using OrleansKv.Silo.Cli;

return await SiloCommandLine.Build().Parse(args).InvokeAsync();
