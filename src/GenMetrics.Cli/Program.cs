using GenMetrics;
using GenMetrics.Cli;
using GenMetrics.Cli.Commands;

// genmetrics: the command-line front end. Exit codes: 0 success, 1 internal error, 2 bad input or usage, 130 cancelled.
using var cancellation = Cancellation.OnSignals();
return CliRunner.Run(Commands.Root(), args);
