"""What staff and the public read: the queue, a case page, statistics, exports and the
status look-up, over the `CaseReads` port (`ports.py`). They never write.
"""
