import PrivacyBatch
import CSV
print("x")
