package io.github.beamshared.runners.jobs;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A job's class loader as a Flink task manager builds one per job ({@code
 * classloader.resolve-order: child-first}): the JDK, logging and the test framework come from the
 * parent, as Flink's {@code classloader.parent-first-patterns} keep its own and the JDK's classes;
 * everything else, Beam and beam-shared included, from the job's own jars, as from a fat job jar.
 */
final class ChildFirstClassLoader extends URLClassLoader {

  private static final List<String> PARENT_FIRST =
      List.of(
          "java.",
          "javax.",
          "jdk.",
          "sun.",
          "com.sun.",
          "org.slf4j.",
          "org.junit.",
          "org.opentest4j.",
          "org.apiguardian.",
          "org.hamcrest.");

  static {
    ClassLoader.registerAsParallelCapable();
  }

  ChildFirstClassLoader(String name, URL[] jobJars, ClassLoader parent) {
    super(name, jobJars, parent);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        if (parentFirst(name)) {
          return super.loadClass(name, resolve);
        }
        try {
          loaded = findClass(name);
        } catch (ClassNotFoundException notInTheJob) {
          return super.loadClass(name, resolve);
        }
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  @Override
  public URL getResource(String name) {
    URL own = parentFirst(name.replace('/', '.')) ? null : findResource(name);
    return own != null ? own : super.getResource(name);
  }

  /** The job's resources first, then the parent's, as Flink's child-first loader lists them. */
  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    List<URL> all = new ArrayList<>();
    if (!parentFirst(name.replace('/', '.'))) {
      all.addAll(Collections.list(findResources(name)));
    }
    ClassLoader parent = getParent();
    if (parent != null) {
      for (URL url : Collections.list(parent.getResources(name))) {
        if (!all.contains(url)) {
          all.add(url);
        }
      }
    }
    return Collections.enumeration(all);
  }

  private static boolean parentFirst(String name) {
    for (String prefix : PARENT_FIRST) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
