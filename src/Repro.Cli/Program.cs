using Repro.Cli;

return CliApp.Run(args, CliEnvironment.FromProcess());
