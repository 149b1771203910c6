package io.osimg.image.source.oci;

import io.osimg.archive.tar.EntryType;
import io.osimg.archive.tar.TarEntry;
import io.osimg.archive.tar.TarReader;
import io.osimg.image.source.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Copies the regular files of an image archive ({@code oci-archive}, {@code docker save}) into a work directory:
 * blobs stay as they are (compressed layers stay compressed). Names are checked: none absolute, none with "..".
 */
final class ArchiveFiles {

    private ArchiveFiles() { }

    /** The names of the files copied (normalised, e.g. {@code blobs/sha256/ab...}). */
    static Set<String> extract(Path archive, Path into, String reference, String kind) throws IOException {
        if (!Files.isRegularFile(archive)) {
            throw new NoSuchFileException(archive.toString(), null, reference + ": no such file");
        }
        Set<String> names = new LinkedHashSet<>();
        try (InputStream raw = Files.newInputStream(archive)) {
            InputStream in = Compression.open(raw).stream();
            TarReader reader = new TarReader(in);
            for (TarEntry e = reader.next(); e != null; e = reader.next()) {
                if (e.type() != EntryType.FILE) {
                    continue;
                }
                String name = normalise(e.name(), reference);
                Path target = into.resolve(name);
                Files.createDirectories(target.getParent());
                Files.copy(reader.content(), target, StandardCopyOption.REPLACE_EXISTING);
                names.add(name);
            }
        } catch (OciFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new OciFormatException(reference + ": not " + kind + ": not a tar archive (" + e.getMessage() + ")", e);
        }
        if (names.isEmpty()) {
            throw new OciFormatException(reference + ": not " + kind + ": the archive holds no files");
        }
        return names;
    }

    private static String normalise(String name, String reference) throws OciFormatException {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new OciFormatException(reference + ": entry " + name + " escapes the archive ('..')");
            }
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(part);
        }
        if (out.isEmpty()) {
            throw new OciFormatException(reference + ": entry '" + name + "' has no name");
        }
        return out.toString();
    }
}
