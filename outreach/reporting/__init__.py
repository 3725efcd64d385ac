"""The end-of-programme report (活动总结), composed from every concept's own figures."""
