namespace Repro.Artifacts.Remotes;

/// <summary>How far a push or pull has got. Totals grow during a pull as manifests reveal their entries.</summary>
/// <param name="ObjectsDone">Objects transferred so far.</param>
/// <param name="ObjectsTotal">Objects to transfer, as known now.</param>
/// <param name="BytesDone">Bytes transferred so far, including those of objects still in flight.</param>
/// <param name="BytesTotal">Bytes to transfer, as known now (a pull learns an object's size when its download starts).</param>
internal sealed record TransferProgress(int ObjectsDone, int ObjectsTotal, long BytesDone, long BytesTotal);
