"""khabar.eval"""
