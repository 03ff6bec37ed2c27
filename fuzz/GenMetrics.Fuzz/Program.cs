using GenMetrics.Fuzz;

// GenMetrics.Fuzz list                      the targets, one a line
// GenMetrics.Fuzz seeds TARGET DIR          copies the target's seed files (small fixtures) into DIR
// GenMetrics.Fuzz fuzz TARGET               the afl-fuzz entry (SharpFuzz's out-of-process fork server; input on stdin)
// GenMetrics.Fuzz replay TARGET FILE...     runs files through the target and says what each gave; exit 1 on a violation
// Readers take paths, so each input is written to a file named as the target says, in a folder of its own per process.
if (args.Length == 0) return Usage();
if (args[0] != "fuzz") GiveTraceAMap();
switch (args[0])
{
    case "list":
        foreach (var t in Targets.All) Console.WriteLine(t.Name);
        return 0;
    case "seeds" when args.Length == 3:
        return Seeds.Copy(Targets.Find(args[1]), args[2]);
    case "fuzz" when args.Length == 2:
    {
        var target = Targets.Find(args[1]);
        var input = InputFile(target);
        SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
        {
            using (var file = File.Create(input)) stream.CopyTo(file);
            target.Run(new Contract(input, target.BytesPerInputByte));
        });
        return 0;
    }
    case "replay" when args.Length >= 3:
    {
        var target = Targets.Find(args[1]);
        var input = InputFile(target);
        int violations = 0;
        foreach (var path in args.Skip(2))
        {
            File.Copy(path, input, overwrite: true);
            var contract = new Contract(input, target.BytesPerInputByte);
            try
            {
                target.Run(contract);
                Console.WriteLine($"{path}: ok ({contract.Accepted} read, {contract.Refused} refused{(contract.LastMessage is null ? "" : ": " + contract.LastMessage)})");
            }
            catch (ContractViolation e)
            {
                violations++;
                Console.WriteLine($"{path}: VIOLATION {e.Message}\n{e.InnerException}");
            }
        }
        return violations == 0 ? 0 : 1;
    }
    default:
        return Usage();
}

static int Usage()
{
    Console.Error.WriteLine("usage: GenMetrics.Fuzz list | seeds TARGET DIR | fuzz TARGET | replay TARGET FILE...");
    return 2;
}

// The instrumented GenMetrics.dll records branches into afl-fuzz's shared map; outside afl-fuzz it needs one of its own.
static unsafe void GiveTraceAMap() => SharpFuzz.Common.Trace.SharedMem = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(1 << 16);

static string InputFile(Target target)
{
    var dir = Path.Combine(Path.GetTempPath(), $"genmetrics-fuzz-{Environment.ProcessId}");
    Directory.CreateDirectory(dir);
    AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(dir, true); } catch (IOException) { } };
    return Path.Combine(dir, target.FileName);
}
