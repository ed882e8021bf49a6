"""khabar.readers"""
