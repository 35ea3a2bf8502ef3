package server

// ContractSnapshot returns the contract every server shares, marshalled to
// JSON, so tests can check that serving requests never writes to it.
func ContractSnapshot() ([]byte, error) {
	ct, err := loadContract()
	if err != nil {
		return nil, err
	}
	return ct.doc.MarshalJSON()
}
