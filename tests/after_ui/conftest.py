import os
import time

# Dates and times on screen are shown in local time: pin it so snapshots are the same anywhere.
os.environ["TZ"] = "UTC"
time.tzset()
