package io.github.beamshared.sample;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes ONNX Runtime load its native libraries from one copy per machine and version. Left alone,
 * ONNX Runtime 1.20 copies them out of its jar into a new {@code
 * java.io.tmpdir/onnxruntime-java<random>} directory in every JVM, and leaves that directory
 * behind: one more per run. Here they are copied once into {@code
 * <cacheRoot>/onnxruntime-<version>-<platform>}, and the system property {@value #PATH_PROPERTY}
 * points ONNX Runtime there, so that it copies nothing.
 *
 * <p>Must run before this JVM's first use of ONNX Runtime, which reads the property once. It
 * changes nothing when the property is already set (by the user, or by an earlier call), and leaves
 * ONNX Runtime to its own ways on a platform its jar has no libraries for here.
 */
final class OnnxNativeLibraries {

  static final String PATH_PROPERTY = "onnxruntime.native.path";
  private static final String[] LIBRARIES = {"onnxruntime", "onnxruntime4j_jni"};
  private static final Logger LOG = LoggerFactory.getLogger(OnnxNativeLibraries.class);

  private OnnxNativeLibraries() {}

  static synchronized void install(Path cacheRoot) throws IOException {
    if (System.getProperty(PATH_PROPERTY) != null) {
      return;
    }
    // A class literal loads the class without initializing it, which would load the libraries.
    String version = OrtEnvironment.class.getPackage().getImplementationVersion();
    String platform = platform();
    if (version == null || platform == null) {
      LOG.debug(
          "ONNX Runtime {} on {}: left to extract its own native libraries", version, platform);
      return;
    }
    URL[] resources = new URL[LIBRARIES.length];
    for (int i = 0; i < LIBRARIES.length; i++) {
      resources[i] =
          OrtEnvironment.class.getResource(
              "/ai/onnxruntime/native/" + platform + "/" + System.mapLibraryName(LIBRARIES[i]));
      if (resources[i] == null) {
        LOG.debug("ONNX Runtime's jar has no {} for {}", LIBRARIES[i], platform);
        return;
      }
    }
    Path directory =
        ResourceFiles.ownDirectory(cacheRoot.resolve("onnxruntime-" + version + "-" + platform));
    for (int i = 0; i < LIBRARIES.length; i++) {
      ResourceFiles.copy(resources[i], directory.resolve(System.mapLibraryName(LIBRARIES[i])));
    }
    System.setProperty(PATH_PROPERTY, directory.toString());
  }

  /**
   * The directory name ONNX Runtime's jar keeps this platform's libraries under, such as {@code
   * linux-x64}; null where this class does not know it.
   */
  private static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String osName =
        os.contains("linux") ? "linux" : os.contains("mac") || os.contains("darwin") ? "osx" : null;
    String archName =
        arch.equals("amd64") || arch.equals("x86_64")
            ? "x64"
            : arch.equals("aarch64") ? "aarch64" : null;
    return osName == null || archName == null ? null : osName + "-" + archName;
  }
}
