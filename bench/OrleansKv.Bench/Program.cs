using OrleansKv.Bench;

return await BenchCommandLine.Build().Parse(args).InvokeAsync();
