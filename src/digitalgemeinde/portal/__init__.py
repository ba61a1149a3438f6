"""The portal's home: what it shows of the whole site (most used services, life situations,
the canton's and the association's news). Pages call these functions; they only read the
catalog as the viewer."""
