"""IMU gait analysis: orientation, foot and lower-back pipelines."""
