// Compiled by MSBuild's RoslynCodeTaskFactory (see Repro.TorchSharp.targets), not by the project: it targets the
// netstandard surface MSBuild gives inline tasks, so it sticks to arrays and BitConverter.
using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

public sealed class ReproMarkElfVersionWeak : Microsoft.Build.Utilities.Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;
    private static readonly string[] LibraryFolders =
    {
        "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib",
    };

    [Microsoft.Build.Framework.Required]
    public Microsoft.Build.Framework.ITaskItem[] Libraries { get; set; }

    [Microsoft.Build.Framework.Required]
    public string Version { get; set; }

    [Microsoft.Build.Framework.Required]
    public string ExpectedSha256 { get; set; }

    public override bool Execute()
    {
        string runtime = FindHostLibstdcxx();
        if (runtime == null)
        {
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, "Repro: no libstdc++.so.6 found on this host; libLibTorchSharp.so left unchanged.");
            return true;
        }

        if (Contains(File.ReadAllBytes(runtime), Encoding.ASCII.GetBytes(Version + "\0")))
        {
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "Repro: " + runtime + " provides " + Version + "; libLibTorchSharp.so needs no change.");
            return true;
        }

        foreach (var item in Libraries)
        {
            if (!Patch(item.ItemSpec, runtime))
            {
                return false;
            }
        }

        return !Log.HasLoggedErrors;
    }

    private bool Patch(string path, string runtime)
    {
        byte[] bytes = File.ReadAllBytes(path);
        string before = Sha256(bytes);
        string marker = path + ".repro-patch.json";
        if (!string.Equals(before, ExpectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            if (File.Exists(marker) && File.ReadAllText(marker).Contains("\"patched_sha256\": \"" + before + "\""))
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "Repro: " + path + " is already patched.");
                return true;
            }

            Log.LogError("Repro: " + path + " has SHA-256 " + before + ", not the " + ExpectedSha256 + " this patch was checked against; "
                + "it is left unchanged. The host's C++ runtime (" + runtime + ") lacks " + Version + ", so the library may not load. "
                + "Check the new library's needs (readelf -V) and set ReproTorchSharpNativeSha256 to its digest.");
            return false;
        }

        int entry = FindVersionNeed(bytes, Version);
        if (entry < 0)
        {
            Log.LogError("Repro: " + path + " does not ask for " + Version + "; it is left unchanged.");
            return false;
        }

        ushort flags = BitConverter.ToUInt16(bytes, entry + 4);
        byte[] weak = BitConverter.GetBytes((ushort)(flags | VerFlagWeak));
        bytes[entry + 4] = weak[0];
        bytes[entry + 5] = weak[1];
        string after = Sha256(bytes);

        // Atomic: a reader sees the old file or the whole new one, never half of it.
        string temporary = path + ".repro-patch.tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Copy(temporary, path, true);
        File.Delete(temporary);
        File.WriteAllText(marker,
            "{\n"
            + "  \"library\": \"" + Path.GetFileName(path) + "\",\n"
            + "  \"change\": \"version requirement " + Version + " marked weak (VER_FLG_WEAK in .gnu.version_r)\",\n"
            + "  \"reason\": \"the host's C++ runtime " + runtime + " lacks " + Version + "\",\n"
            + "  \"original_sha256\": \"" + before + "\",\n"
            + "  \"patched_sha256\": \"" + after + "\",\n"
            + "  \"by\": \"Repro.TorchSharp build step (src/Repro.TorchSharp/build/Repro.TorchSharp.targets)\"\n"
            + "}\n");
        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High, "Repro: marked " + Version + " weak in " + path + " (host C++ runtime lacks it); recorded in " + Path.GetFileName(marker) + ".");
        return true;
    }

    // Returns the file offset of the Elf64_Vernaux entry naming the version, or -1.
    private static int FindVersionNeed(byte[] elf, string version)
    {
        bool elf64LittleEndian = elf.Length > 64 && elf[0] == 0x7f && elf[1] == (byte)'E' && elf[2] == (byte)'L' && elf[3] == (byte)'F' && elf[4] == 2 && elf[5] == 1;
        if (!elf64LittleEndian)
        {
            return -1;
        }

        long sectionTable = BitConverter.ToInt64(elf, 0x28);
        int sectionSize = BitConverter.ToUInt16(elf, 0x3A);
        int sections = BitConverter.ToUInt16(elf, 0x3C);
        for (int i = 0; i < sections; i++)
        {
            int header = checked((int)(sectionTable + (long)i * sectionSize));
            if (BitConverter.ToUInt32(elf, header + 4) != ShtGnuVerneed)
            {
                continue;
            }

            int offset = checked((int)BitConverter.ToInt64(elf, header + 0x18));
            int stringsHeader = checked((int)(sectionTable + (long)BitConverter.ToUInt32(elf, header + 0x28) * sectionSize));
            int strings = checked((int)BitConverter.ToInt64(elf, stringsHeader + 0x18));
            uint needs = BitConverter.ToUInt32(elf, header + 0x2C);
            int need = offset;
            for (uint n = 0; n < needs; n++)
            {
                int count = BitConverter.ToUInt16(elf, need + 2);
                int aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                for (int a = 0; a < count; a++)
                {
                    if (ReadString(elf, strings + (int)BitConverter.ToUInt32(elf, aux + 8)) == version)
                    {
                        return aux;
                    }

                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }

                need += (int)BitConverter.ToUInt32(elf, need + 12);
            }
        }

        return -1;
    }

    private static string FindHostLibstdcxx()
    {
        string fromEnvironment = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "";
        foreach (string folder in fromEnvironment.Split(new[] { ':' }, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, "libstdc++.so.6");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        foreach (string folder in LibraryFolders)
        {
            string candidate = Path.Combine(folder, "libstdc++.so.6");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string ReadString(byte[] bytes, int offset)
    {
        int end = offset;
        while (end < bytes.Length && bytes[end] != 0)
        {
            end++;
        }

        return Encoding.ASCII.GetString(bytes, offset, end - offset);
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j])
            {
                j++;
            }

            if (j == needle.Length)
            {
                return true;
            }
        }

        return false;
    }

    private static string Sha256(byte[] bytes)
    {
        using (SHA256 sha = SHA256.Create())
        {
            return BitConverter.ToString(sha.ComputeHash(bytes)).Replace("-", "").ToLowerInvariant();
        }
    }
}
