package io.gatehouse.simulator.domain;

/** Told after every change, inside the directory's write lock (so calls arrive in change order). */
public interface DirectoryListener {

    void changed(Directory directory);
}
