namespace GenMetrics.Fuzz;

/// <summary>
/// The readers' contract, checked on every input: each entry point gives a result or an <see cref="InputException"/>
/// whose message names the file; any other exception, an InputException that does not name the file, or an
/// allocation beyond what the file's size justifies is a violation (thrown, so afl-fuzz records a crash). Hangs are
/// afl-fuzz's timeouts.
/// </summary>
internal sealed class Contract(string path, int bytesPerInputByte)
{
    /// <summary>What any input may allocate per entry point, whatever its size: small headers, buffers, one 1 MB chunk.</summary>
    public const long FloorBytes = 32L << 20;

    public string Path { get; } = path;

    /// <summary>Entry points that ended in an InputException naming the file, and those that gave a result.</summary>
    public int Refused { get; private set; }

    public int Accepted { get; private set; }

    /// <summary>The last refusal's message (for replay).</summary>
    public string? LastMessage { get; private set; }

    /// <summary>Runs one entry point of the reader under the contract.</summary>
    public void Check(string entry, Action read)
    {
        long budget = FloorBytes + (long)bytesPerInputByte * new FileInfo(Path).Length;
        long before = GC.GetTotalAllocatedBytes(precise: false);
        try
        {
            read();
            Accepted++;
        }
        catch (InputException e) when (e.Message.Contains(Path, StringComparison.Ordinal))
        {
            Refused++;
            LastMessage = e.Message;
        }
        catch (InputException e)
        {
            throw new ContractViolation($"{entry}: an InputException that does not name the file: {e.Message}", e);
        }
        catch (Exception e) when (e is not ContractViolation)
        {
            throw new ContractViolation($"{entry}: {e.GetType().FullName} instead of an InputException: {e.Message}", e);
        }
        long allocated = GC.GetTotalAllocatedBytes(precise: false) - before;
        if (allocated > budget)
            throw new ContractViolation($"{entry}: allocated {allocated} bytes for a {new FileInfo(Path).Length}-byte file (budget {budget}){(LastMessage is null ? "" : "; then: " + LastMessage)}");
    }
}

/// <summary>A broken contract: afl-fuzz sees it as a crash, replay prints it.</summary>
internal sealed class ContractViolation(string message, Exception? inner = null) : Exception(message, inner);
