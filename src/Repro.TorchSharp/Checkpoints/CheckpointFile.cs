using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;

namespace Repro.TorchSharp.Checkpoints;

/// <summary>
/// The checkpoint file format, version 1 (little-endian):
/// <list type="number">
/// <item>the 10 ASCII bytes <c>REPRO-CKPT</c> and a 32-bit format version;</item>
/// <item>a 32-bit length and that many bytes of UTF-8 JSON, the <see cref="CheckpointHeader"/>;</item>
/// <item>the CPU generator's state (<c>torch.random.get_rng_state</c>);</item>
/// <item>the optimiser's state in TorchSharp's <c>save_state_dict</c> format, when one was saved;</item>
/// <item>each state-dict tensor's elements, contiguous, in the header's order.</item>
/// </list>
/// The file holds no time or run id, so the same state always makes the same bytes (and the same artifact digest).
/// </summary>
internal static class CheckpointFile
{
    public const int FormatVersion = 1;

    private static readonly byte[] Magic = "REPRO-CKPT"u8.ToArray();

    /// <summary>Writes the model's state dict, the optimiser's state (if given), the CPU generator's state and the position.</summary>
    /// <exception cref="ArgumentException">The optimiser keeps its state in native code, which TorchSharp cannot save.</exception>
    public static void Write(Stream stream, torch.nn.Module model, torch.optim.Optimizer? optimizer, TrainingPosition position)
    {
        using var scope = torch.NewDisposeScope();
        var tensors = new List<(CheckpointTensor Entry, torch.Tensor Cpu)>();
        foreach (var (name, tensor) in model.state_dict())
        {
            var cpu = tensor.detach().cpu().contiguous();
            tensors.Add((new CheckpointTensor(name, cpu.dtype.ToString(), cpu.shape, cpu.bytes.Length), cpu));
        }

        byte[] optimizerState = [];
        if (optimizer is not null)
        {
            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
            {
                Helper(optimizer).save_state_dict(writer);
            }

            optimizerState = buffer.ToArray();
        }

        var rng = torch.random.get_rng_state().bytes.ToArray();
        var header = new CheckpointHeader(position, rng.Length, optimizer?.GetType().Name, optimizerState.Length, [.. tensors.Select(t => t.Entry)]);
        var json = JsonSerializer.SerializeToUtf8Bytes(header, CheckpointJsonContext.Default.CheckpointHeader);
        stream.Write(Magic);
        WriteInt32(stream, FormatVersion);
        WriteInt32(stream, json.Length);
        stream.Write(json);
        stream.Write(rng);
        stream.Write(optimizerState);
        foreach (var (_, cpu) in tensors)
        {
            stream.Write(cpu.bytes);
        }
    }

    /// <summary>
    /// Checks that the checkpoint fits the model (every state-dict key, shape and element type) and the optimiser (its
    /// type), then restores the optimiser's state, the model's tensors and the CPU generator's state, in that order.
    /// </summary>
    /// <param name="stream">The checkpoint, already verified against its digest.</param>
    /// <param name="model">The model to restore into.</param>
    /// <param name="optimizer">The optimiser to restore into, or null to leave optimiser state out.</param>
    /// <param name="label">The checkpoint's name, for messages.</param>
    /// <exception cref="CheckpointException">Not a checkpoint of this format, or it does not fit; nothing was changed.</exception>
    public static (TrainingPosition Position, bool RestoredOptimizer) Restore(Stream stream, torch.nn.Module model, torch.optim.Optimizer? optimizer, string label)
    {
        var header = ReadHeader(stream, label);
        var targets = model.state_dict();
        CheckFits(header, targets, optimizer, label);
        var rng = ReadExactly(stream, header.RngStateBytes, label, "generator state");
        var restoreOptimizer = optimizer is not null && header.Optimizer is not null;
        if (restoreOptimizer)
        {
            RestoreOptimizer(stream, Helper(optimizer!), header, label);
        }
        else
        {
            Skip(stream, header.OptimizerBytes, label);
        }

        using (var scope = torch.NewDisposeScope())
        using (torch.no_grad())
        {
            foreach (var entry in header.Tensors)
            {
                var bytes = ReadExactly(stream, entry.Bytes, label, entry.Name);
                var source = torch.empty(entry.Shape, Enum.Parse<torch.ScalarType>(entry.Dtype));
                source.bytes = bytes;
                targets[entry.Name].copy_(source);
            }
        }

        if (stream.ReadByte() != -1)
        {
            throw new CheckpointException($"Checkpoint {label} has bytes after its last tensor: it is not a checkpoint this version of Repro.TorchSharp wrote.");
        }

        using (var state = torch.tensor(rng, torch.uint8))
        {
            torch.random.set_rng_state(state);
        }

        return (header.Position, restoreOptimizer);
    }

    private static void CheckFits(CheckpointHeader header, Dictionary<string, torch.Tensor> targets, torch.optim.Optimizer? optimizer, string label)
    {
        var saved = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in header.Tensors)
        {
            saved.Add(entry.Name);
            if (!targets.TryGetValue(entry.Name, out var target))
            {
                throw new CheckpointException(
                    $"Checkpoint {label} does not fit this model: it has '{entry.Name}' {CheckpointTensor.ShapeText(entry.Shape)} {entry.Dtype}, which the model does not have. Was it saved from another architecture?",
                    entry.Name);
            }

            if (!target.shape.SequenceEqual(entry.Shape) || target.dtype.ToString() != entry.Dtype)
            {
                throw new CheckpointException(
                    $"Checkpoint {label} does not fit this model: '{entry.Name}' is {CheckpointTensor.ShapeText(entry.Shape)} {entry.Dtype} in the checkpoint and {CheckpointTensor.ShapeText(target.shape)} {target.dtype} in the model.",
                    entry.Name);
            }
        }

        var missing = targets.Keys.FirstOrDefault(name => !saved.Contains(name));
        if (missing is not null)
        {
            throw new CheckpointException(
                $"Checkpoint {label} does not fit this model: the model's '{missing}' {CheckpointTensor.ShapeText(targets[missing].shape)} is not in the checkpoint. Was it saved from another architecture?",
                missing);
        }

        if (optimizer is null || header.Optimizer is null)
        {
            if (optimizer is not null)
            {
                throw new CheckpointException($"Checkpoint {label} holds no optimiser state to restore into {optimizer.GetType().Name}: load it without an optimiser, or save checkpoints with one.");
            }

            return;
        }

        if (optimizer.GetType().Name != header.Optimizer)
        {
            throw new CheckpointException($"Checkpoint {label} holds {header.Optimizer} state, which does not fit a {optimizer.GetType().Name} optimiser.");
        }
    }

    private static void RestoreOptimizer(Stream stream, OptimizerHelper optimizer, CheckpointHeader header, string label)
    {
        var start = stream.Position;
        try
        {
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            optimizer.load_state_dict(reader);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidDataException or EndOfStreamException)
        {
            throw new CheckpointException($"Checkpoint {label}'s {header.Optimizer} state does not fit this optimiser ({ex.Message}): it was made for other parameters.", innerException: ex);
        }

        if (stream.Position - start != header.OptimizerBytes)
        {
            throw new CheckpointException($"Checkpoint {label}'s optimiser state is {header.OptimizerBytes} bytes, but {stream.Position - start} were read: it was written by another TorchSharp version.");
        }
    }

    private static CheckpointHeader ReadHeader(Stream stream, string label)
    {
        var magic = new byte[Magic.Length];
        if (stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) != magic.Length || !magic.AsSpan().SequenceEqual(Magic))
        {
            throw new CheckpointException($"{label} is not a Repro.TorchSharp checkpoint (it does not start with {Encoding.ASCII.GetString(Magic)}).");
        }

        var version = ReadInt32(stream, label);
        if (version != FormatVersion)
        {
            throw new CheckpointException($"Checkpoint {label} has format version {version}; this version of Repro.TorchSharp reads version {FormatVersion}.");
        }

        var length = ReadInt32(stream, label);
        var json = ReadExactly(stream, length, label, "header");
        try
        {
            return JsonSerializer.Deserialize(json, CheckpointJsonContext.Default.CheckpointHeader)
                ?? throw new CheckpointException($"Checkpoint {label} has an empty header.");
        }
        catch (JsonException ex)
        {
            throw new CheckpointException($"Checkpoint {label} has an unreadable header: {ex.Message}", innerException: ex);
        }
    }

    private static OptimizerHelper Helper(torch.optim.Optimizer optimizer) =>
        optimizer as OptimizerHelper
        ?? throw new ArgumentException($"{optimizer.GetType().Name} keeps its state in native code, which TorchSharp cannot save; use one of torch.optim's managed optimisers (SGD, Adam, AdamW, ...).", nameof(optimizer));

    private static byte[] ReadExactly(Stream stream, long length, string label, string what)
    {
        if (length < 0 || length > Array.MaxLength)
        {
            throw new CheckpointException($"Checkpoint {label} gives {what} an impossible length ({length} bytes).");
        }

        var bytes = new byte[length];
        if (stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) != bytes.Length)
        {
            throw new CheckpointException($"Checkpoint {label} ends inside {what}: it is truncated.");
        }

        return bytes;
    }

    private static void Skip(Stream stream, long length, string label)
    {
        if (length < 0 || stream.Position + length > stream.Length)
        {
            throw new CheckpointException($"Checkpoint {label} ends inside the optimiser state: it is truncated.");
        }

        stream.Seek(length, SeekOrigin.Current);
    }

    private static int ReadInt32(Stream stream, string label)
    {
        Span<byte> bytes = stackalloc byte[4];
        if (stream.ReadAtLeast(bytes, 4, throwOnEndOfStream: false) != 4)
        {
            throw new CheckpointException($"Checkpoint {label} is truncated.");
        }

        return BinaryPrimitives.ReadInt32LittleEndian(bytes);
    }

    private static void WriteInt32(Stream stream, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        stream.Write(bytes);
    }
}
