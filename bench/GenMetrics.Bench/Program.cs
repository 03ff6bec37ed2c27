using System.Reflection;
using GenMetrics.Bench;

// Usage: dotnet run --project bench/GenMetrics.Bench -c Release -- [NAME ...]
// Each benchmark is a class implementing IBench; with no name, all run in turn. Each one times GenMetrics and,
// where it has one, the Python reference on the same input in the same run, and prints a RESULTS.md row.
var all = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBench).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)
    .Select(t => (IBench)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToArray();
var chosen = args.Length == 0 ? all : all.Where(b => args.Contains(b.Name, StringComparer.OrdinalIgnoreCase)).ToArray();
if (chosen.Length == 0)
{
    Console.Error.WriteLine($"unknown benchmark; known: {string.Join(", ", all.Select(b => b.Name))}");
    return 2;
}
foreach (var b in chosen)
{
    Console.WriteLine($"== {b.Name}");
    b.Run();
}
return 0;
