return await OrleansKv.Shell.ShellProgram.RunAsync(args);
