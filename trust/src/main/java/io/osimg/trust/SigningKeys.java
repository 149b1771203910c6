package io.osimg.trust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The keys a build signs with, read and unlocked on a thread of their own while the build runs: reading a key loads
 * Bouncy Castle's classes, and unlocking an OpenPGP key runs its passphrase's S2K (gpg iterates some 65 MB through
 * SHA-1), together up to seconds on a loaded machine, which then overlap the image build instead of adding to it. The
 * build asks {@link #failed} as it goes, so that a bad key or a wrong passphrase stops it within moments, not after
 * the image is written; {@link #get} waits for the keys when they are needed.
 */
public final class SigningKeys {

    private static final SigningKeys NONE = new SigningKeys(0, CompletableFuture.completedFuture(List.of()));

    private final int count;
    private final CompletableFuture<List<SigningKey>> keys;

    private SigningKeys(int count, CompletableFuture<List<SigningKey>> keys) {
        this.count = count;
        this.keys = keys;
    }

    /** No keys: an unsigned build. */
    public static SigningKeys none() {
        return NONE;
    }

    /** Keys read already. */
    public static SigningKeys of(List<SigningKey> keys) {
        return keys.isEmpty() ? NONE : new SigningKeys(keys.size(), CompletableFuture.completedFuture(List.copyOf(keys)));
    }

    /**
     * Starts reading the keys ({@link SigningKey#read}) on a virtual thread and returns at once.
     *
     * @param passphrase the OpenPGP keys' passphrase; empty for none
     */
    public static SigningKeys readInBackground(List<Path> files, char[] passphrase) {
        if (files.isEmpty()) {
            return NONE;
        }
        List<Path> copy = List.copyOf(files);
        CompletableFuture<List<SigningKey>> future = new CompletableFuture<>();
        Thread.ofVirtual().name("osimg-signing-keys").start(() -> {
            try {
                List<SigningKey> read = new ArrayList<>();
                for (Path file : copy) {
                    read.add(SigningKey.read(file, passphrase));
                }
                future.complete(List.copyOf(read));
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        });
        return new SigningKeys(copy.size(), future);
    }

    /** Whether there are no keys (known at once, without waiting for them). */
    public boolean isEmpty() {
        return count == 0;
    }

    /** Whether reading a key has failed already; never waits. {@link #get} then throws why. */
    public boolean failed() {
        return keys.isCompletedExceptionally();
    }

    /**
     * The keys, waiting for them.
     *
     * @throws IllegalArgumentException naming the file when one is not a usable key or its passphrase is wrong
     * @throws IOException when a key file cannot be read
     */
    public List<SigningKey> get() throws IOException {
        try {
            return keys.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            switch (cause) {
                case IOException io -> throw io;
                case UncheckedIOException io -> throw io.getCause();
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                default -> throw new IllegalStateException("reading the signing keys: " + cause, cause);
            }
        }
    }
}
